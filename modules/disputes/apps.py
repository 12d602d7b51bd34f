from django.utils.translation import gettext_lazy as _

from modules.manifest import CodeTable, Manifest, MenuEntry, ModuleConfig

READERS = ("officer", "supervisor", "commissioner", "statistician", "lmis_admin")
WORKERS = ("officer", "supervisor", "commissioner")
DECIDERS = ("supervisor", "commissioner")


class DisputesConfig(ModuleConfig):
    name = "modules.disputes"
    label = "disputes"
    verbose_name = _("Labour disputes")
    manifest = Manifest(
        key="disputes",
        title=_("Labour disputes"),
        version="1.0",
        form="Form 11",
        description=_(
            "Disputes between an employer and a trade union or a group of workers: the issues, "
            "conciliation meetings, settlement or referral."
        ),
        depends_on=("employers", "unions"),
        grants={
            "disputes.view_dispute": READERS,
            "disputes.add_dispute": WORKERS,
            "disputes.change_dispute": WORKERS,
            "disputes.assign_dispute": DECIDERS,
            "disputes.close_dispute": DECIDERS,
            "disputes.export_dispute": (*DECIDERS, "statistician", "lmis_admin"),
            "disputes.view_meeting": READERS,
            "disputes.add_meeting": WORKERS,
            "disputes.change_meeting": WORKERS,
        },
        menu=(MenuEntry(_("Labour disputes"), "disputes:list", "disputes.view_dispute"),),
        urls="modules.disputes.urls",
        api_urls="modules.disputes.api_urls",
        tables=(
            CodeTable(
                "dispute_issue",
                _("Issues in dispute"),
                (
                    ("WAGES", _("Wages and salaries")),
                    ("DISMISSAL", _("Dismissal or redundancy")),
                    ("CONDITIONS", _("Conditions of work")),
                    ("RECOGNITION", _("Union recognition")),
                    ("AGREEMENT", _("Collective agreement")),
                    ("OSH", _("Safety and health at work")),
                    ("OTHER", _("Other")),
                ),
            ),
        ),
        letters=(
            ("disputes/meeting_notice", _("Notice of conciliation meeting")),
            ("disputes/settlement", _("Record of settlement")),
        ),
        reports=(
            "modules.disputes.reports.BY_ISSUE_AND_OUTCOME",
            "modules.disputes.reports.BY_ACTIVITY_AND_OUTCOME",
            "modules.disputes.reports.WORKERS_BY_ACTIVITY",
            "modules.disputes.reports.WORKFLOW",
        ),
        indicators=("modules.disputes.indicators.RECEIVED",),
        demo="modules.disputes.demo.disputes_demo",
    )
