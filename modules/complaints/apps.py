from django.utils.translation import gettext_lazy as _

from modules.manifest import CodeTable, Manifest, MenuEntry, ModuleConfig

READERS = ("officer", "supervisor", "commissioner", "statistician", "lmis_admin")
WORKERS = ("officer", "supervisor", "commissioner")
DECIDERS = ("supervisor", "commissioner")


class ComplaintsConfig(ModuleConfig):
    name = "modules.complaints"
    label = "complaints"
    verbose_name = _("Complaints")
    manifest = Manifest(
        key="complaints",
        title=_("Complaints"),
        version="1.0",
        form="Form 12",
        description=_(
            "Workers' complaints against employers: hearings, settlement, referral, amounts recovered."
        ),
        depends_on=("employers",),
        grants={
            "complaints.view_complaint": READERS,
            "complaints.add_complaint": WORKERS,
            "complaints.change_complaint": WORKERS,
            "complaints.assign_complaint": DECIDERS,
            "complaints.settle_complaint": DECIDERS,
            "complaints.export_complaint": (*DECIDERS, "statistician", "lmis_admin"),
            "complaints.view_hearing": READERS,
            "complaints.add_hearing": WORKERS,
            "complaints.change_hearing": WORKERS,
        },
        menu=(MenuEntry(_("Complaints"), "complaints:list", "complaints.view_complaint"),),
        urls="modules.complaints.urls",
        api_urls="modules.complaints.api_urls",
        tables=(
            CodeTable(
                "complaint_category",
                _("Complaint categories"),
                (
                    ("WAGES", _("Unpaid wages")),
                    ("DISMISSAL", _("Unfair dismissal")),
                    ("LEAVE", _("Leave")),
                    ("HOURS", _("Hours of work")),
                    ("MATERNITY", _("Maternity")),
                    ("OSH", _("Safety and health at work")),
                    ("DISCRIMINATION", _("Discrimination")),
                    ("OTHER", _("Other")),
                ),
            ),
        ),
        letters=(
            ("complaints/acknowledgment", _("Acknowledgment")),
            ("complaints/settlement", _("Settlement")),
        ),
        reports=(
            "modules.complaints.reports.BY_CATEGORY_AND_SEX",
            "modules.complaints.reports.BY_NATIONALITY_AND_SEX",
            "modules.complaints.reports.BY_DISTRICT_AND_CATEGORY",
            "modules.complaints.reports.BY_ACTIVITY_AND_OUTCOME",
            "modules.complaints.reports.AMOUNTS_BY_CATEGORY",
            "modules.complaints.reports.WORKFLOW",
        ),
        indicators=(
            "modules.complaints.indicators.RECEIVED",
            "modules.complaints.indicators.SETTLED",
            "modules.complaints.indicators.AMOUNTS_RECOVERED",
        ),
        demo="modules.complaints.demo.complaints_demo",
    )
