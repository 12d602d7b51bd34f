from django.utils.translation import gettext_lazy as _

from modules.manifest import CodeTable, Manifest, MenuEntry, ModuleConfig

READERS = ("officer", "supervisor", "commissioner", "statistician", "lmis_admin")
WORKERS = ("officer", "supervisor", "commissioner")
DECIDERS = ("supervisor", "commissioner")


def _record_grants(model: str) -> dict[str, tuple[str, ...]]:
    """A record kept beside an inspection (a violation, a notice...): read by all, written by inspectors."""
    return {
        f"inspections.view_{model}": READERS,
        f"inspections.add_{model}": WORKERS,
        f"inspections.change_{model}": WORKERS,
    }


class InspectionsConfig(ModuleConfig):
    name = "modules.inspections"
    label = "inspections"
    verbose_name = _("Labour inspections")
    manifest = Manifest(
        key="inspections",
        title=_("Labour inspections"),
        version="1.0",
        form="Form 14",
        description=_(
            "Visits to workplaces: checklist of legal areas, violations, improvement and prohibition "
            "notices, penalties, follow-up visits, and the annual report under ILO Convention 81."
        ),
        depends_on=("employers", "workplaces"),
        grants={
            "inspections.view_inspection": READERS,
            "inspections.add_inspection": WORKERS,
            "inspections.change_inspection": WORKERS,
            "inspections.assign_inspection": DECIDERS,
            "inspections.close_inspection": DECIDERS,
            "inspections.export_inspection": (*DECIDERS, "statistician", "lmis_admin"),
            **_record_grants("checklistitem"),
            **_record_grants("violation"),
            **_record_grants("notice"),
            **_record_grants("penalty"),
        },
        menu=(MenuEntry(_("Inspections"), "inspections:list", "inspections.view_inspection"),),
        urls="modules.inspections.urls",
        api_urls="modules.inspections.api_urls",
        tables=(
            CodeTable(
                "inspection_area",
                _("Legal areas checked at inspections"),
                (
                    ("WAGES", _("Wages")),
                    ("HOURS", _("Hours of work")),
                    ("LEAVE", _("Leave")),
                    ("OSH", _("Safety and health at work")),
                    ("CHILD_LABOUR", _("Child labour")),
                    ("MIGRANT_DOCS", _("Migrant workers' documents")),
                    ("CONTRACTS", _("Contracts of employment")),
                    ("DISCRIMINATION", _("Discrimination")),
                    ("SOCIAL_SECURITY", _("Social security")),
                ),
            ),
        ),
        letters=(
            ("inspections/report", _("Inspection report to the employer")),
            ("inspections/notice", _("Improvement or prohibition notice")),
        ),
        reports=(
            "modules.inspections.reports.C81_ANNUAL_REPORT",
            "modules.inspections.reports.VISITS_BY_ACTIVITY_AND_KIND",
            "modules.inspections.reports.CHECKLIST_FINDINGS",
            "modules.inspections.reports.VIOLATIONS_BY_AREA",
            "modules.inspections.reports.NOTICES_BY_KIND",
            "modules.inspections.reports.WORKFLOW",
        ),
        indicators=("modules.inspections.indicators.VISITS",),
        demo="modules.inspections.demo.inspections_demo",
    )
