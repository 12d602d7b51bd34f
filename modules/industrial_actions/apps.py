from django.utils.translation import gettext_lazy as _

from modules.manifest import CodeTable, Manifest, MenuEntry, ModuleConfig

READERS = ("officer", "supervisor", "commissioner", "statistician", "lmis_admin")
WORKERS = ("officer", "supervisor", "commissioner")
DECIDERS = ("supervisor", "commissioner")


class IndustrialActionsConfig(ModuleConfig):
    name = "modules.industrial_actions"
    label = "industrial_actions"
    verbose_name = _("Industrial actions")
    manifest = Manifest(
        key="industrial_actions",
        title=_("Industrial actions"),
        version="1.0",
        form="Form 8",
        description=_(
            "Strikes, lockouts and other industrial actions: workers involved by sex, days not worked, "
            "causes and outcomes, for the ILO's statistics of strikes and lockouts."
        ),
        depends_on=("employers",),
        grants={
            "industrial_actions.view_industrialaction": READERS,
            "industrial_actions.add_industrialaction": WORKERS,
            "industrial_actions.change_industrialaction": WORKERS,
            "industrial_actions.assign_industrialaction": DECIDERS,
            "industrial_actions.close_industrialaction": DECIDERS,
            "industrial_actions.export_industrialaction": (*DECIDERS, "statistician", "lmis_admin"),
        },
        menu=(
            MenuEntry(
                _("Industrial actions"), "industrial_actions:list", "industrial_actions.view_industrialaction"
            ),
        ),
        urls="modules.industrial_actions.urls",
        api_urls="modules.industrial_actions.api_urls",
        tables=(
            CodeTable(
                "industrial_action_cause",
                _("Causes of industrial action"),
                (
                    ("WAGES", _("Wages and allowances")),
                    ("ARREARS", _("Unpaid wages")),
                    ("HOURS", _("Hours of work")),
                    ("CONDITIONS", _("Other conditions of work")),
                    ("DISMISSAL", _("Dismissal or redundancy")),
                    ("RECOGNITION", _("Union recognition and rights")),
                    ("AGREEMENT", _("Collective agreement")),
                    ("OSH", _("Safety and health at work")),
                    ("SOLIDARITY", _("Solidarity or protest")),
                    ("OTHER", _("Other")),
                ),
            ),
        ),
        letters=(("industrial_actions/acknowledgment", _("Acknowledgment of the notification")),),
        reports=(
            "modules.industrial_actions.reports.BY_ACTIVITY",
            "modules.industrial_actions.reports.BY_TYPE",
            "modules.industrial_actions.reports.BY_CAUSE_AND_TYPE",
            "modules.industrial_actions.reports.WORKFLOW",
        ),
        indicators=(
            "modules.industrial_actions.indicators.ACTIONS",
            "modules.industrial_actions.indicators.WORKERS_INVOLVED",
            "modules.industrial_actions.indicators.DAYS_NOT_WORKED",
        ),
        demo="modules.industrial_actions.demo.industrial_actions_demo",
    )
