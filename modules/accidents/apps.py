from django.utils.translation import gettext_lazy as _

from modules.manifest import CodeTable, Manifest, MenuEntry, ModuleConfig

READERS = ("officer", "supervisor", "commissioner", "statistician", "lmis_admin")
WORKERS = ("officer", "supervisor", "commissioner")
DECIDERS = ("supervisor", "commissioner")


class AccidentsConfig(ModuleConfig):
    name = "modules.accidents"
    label = "accidents"
    verbose_name = _("Occupational accidents and diseases")
    manifest = Manifest(
        key="accidents",
        title=_("Occupational accidents and diseases"),
        version="1.0",
        form="OAD",
        description=_(
            "Employers' notifications of occupational accidents and diseases: the injured or ill person, "
            "the injury and its cause, days lost, medical reports, findings on the spot; SDG 8.8.1."
        ),
        depends_on=("employers",),
        grants={
            "accidents.view_accident": READERS,
            "accidents.add_accident": WORKERS,
            "accidents.change_accident": WORKERS,
            "accidents.assign_accident": DECIDERS,
            "accidents.close_accident": DECIDERS,
            "accidents.export_accident": (*DECIDERS, "statistician", "lmis_admin"),
            "accidents.view_medicalreport": READERS,
            "accidents.add_medicalreport": WORKERS,
            "accidents.change_medicalreport": WORKERS,
        },
        menu=(MenuEntry(_("Accidents and diseases"), "accidents:list", "accidents.view_accident"),),
        urls="modules.accidents.urls",
        api_urls="modules.accidents.api_urls",
        tables=(
            # After the ILO resolution concerning statistics of occupational injuries (16th ICLS, 1998).
            CodeTable(
                "injury_type",
                _("Types of injury"),
                (
                    ("WOUND", _("Wounds and superficial injuries")),
                    ("FRACTURE", _("Fractures")),
                    ("DISLOCATION", _("Dislocations, sprains and strains")),
                    ("AMPUTATION", _("Traumatic amputations")),
                    ("CONCUSSION", _("Concussion and internal injuries")),
                    ("BURN", _("Burns, corrosions, scalds and frostbite")),
                    ("POISONING", _("Acute poisonings and infections")),
                    ("ELECTRIC", _("Effects of electric current")),
                    ("MULTIPLE", _("Multiple injuries")),
                    ("OTHER", _("Other injuries")),
                ),
            ),
            CodeTable(
                "body_part",
                _("Parts of the body injured"),
                (
                    ("HEAD", _("Head")),
                    ("EYES", _("Eyes")),
                    ("NECK", _("Neck")),
                    ("BACK", _("Back and spine")),
                    ("TRUNK", _("Trunk and internal organs")),
                    ("UPPER", _("Shoulder, arm, hand, fingers")),
                    ("LOWER", _("Hip, leg, foot, toes")),
                    ("MULTIPLE", _("Several parts of the body")),
                    ("WHOLE", _("Whole body (systemic effects)")),
                ),
            ),
            CodeTable(
                "accident_agency",
                _("Agencies and causes of accidents"),
                (
                    ("MACHINES", _("Machines")),
                    ("TRANSPORT", _("Means of transport and lifting equipment")),
                    ("TOOLS", _("Hand tools")),
                    ("ELECTRICAL", _("Electrical installations")),
                    ("SUBSTANCES", _("Materials, substances and radiations")),
                    ("FALLS", _("Working environment: falls from height or on the level")),
                    ("ANIMALS", _("Animals and plants")),
                    ("VIOLENCE", _("Other persons (violence)")),
                    ("OTHER", _("Other agencies")),
                ),
            ),
        ),
        letters=(("accidents/acknowledgment", _("Acknowledgment of the notification")),),
        reports=(
            "modules.accidents.reports.ACCIDENTS_BY_SECTION_AND_SEX",
            "modules.accidents.reports.DISEASES_BY_SECTION_AND_SEX",
            "modules.accidents.reports.INJURIES_SDG_881",
            "modules.accidents.reports.DAYS_LOST_BY_SECTION",
            "modules.accidents.reports.WORKFLOW",
        ),
        indicators=(
            "modules.accidents.indicators.FATAL",
            "modules.accidents.indicators.NON_FATAL",
            "modules.accidents.indicators.DAYS_LOST",
        ),
        demo="modules.accidents.demo.accidents_demo",
    )
