from django.utils.translation import gettext_lazy as _

from modules.manifest import CodeTable, Manifest, MenuEntry, ModuleConfig

EVERY_COUNTRY_ROLE = ("officer", "supervisor", "commissioner", "statistician", "lmis_admin")
RECORDERS = ("officer", "supervisor", "commissioner", "lmis_admin")
CONFIRMERS = ("supervisor", "commissioner")


class MonitoringConfig(ModuleConfig):
    name = "modules.monitoring"
    label = "monitoring"
    verbose_name = _("Department activities")
    manifest = Manifest(
        key="monitoring",
        title=_("Department activities"),
        version="1.0",
        form="Form 1",
        description=_(
            "The Department's own activities for management reporting: visits, meetings, trainings, "
            "outreach and media, with sessions, participants by sex and staff, confirmed by a supervisor."
        ),
        grants={
            "monitoring.view_activity": EVERY_COUNTRY_ROLE,
            "monitoring.add_activity": RECORDERS,
            "monitoring.change_activity": RECORDERS,
            "monitoring.delete_activity": RECORDERS,
            "monitoring.confirm_activity": CONFIRMERS,
            "monitoring.export_activity": (*CONFIRMERS, "statistician", "lmis_admin"),
        },
        menu=(MenuEntry(_("Department activities"), "monitoring:list", "monitoring.view_activity"),),
        urls="modules.monitoring.urls",
        api_urls="modules.monitoring.api_urls",
        tables=(
            CodeTable(
                "department_activity",
                _("Types of department activity"),
                (
                    ("VISIT", _("Visit")),
                    ("MEETING", _("Meeting")),
                    ("TRAINING", _("Training")),
                    ("OUTREACH", _("Outreach and awareness")),
                    ("MEDIA", _("Media appearance")),
                    ("OTHER", _("Other")),
                ),
            ),
        ),
        reports=(
            "modules.monitoring.reports.PARTICIPANTS_BY_TYPE",
            "modules.monitoring.reports.ACTIVITIES_BY_TYPE_AND_DISTRICT",
            "modules.monitoring.reports.PARTICIPANTS_BY_DISTRICT",
            "modules.monitoring.reports.SESSIONS_BY_TYPE",
            "modules.monitoring.reports.MONTHLY_ACTIVITIES",
            "modules.monitoring.reports.MONTHLY_PARTICIPANTS",
        ),
        demo="modules.monitoring.demo.activities_demo",
    )
