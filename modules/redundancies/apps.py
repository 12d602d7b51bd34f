from django.utils.translation import gettext_lazy as _

from modules.manifest import CodeTable, Manifest, MenuEntry, ModuleConfig

READERS = ("officer", "supervisor", "commissioner", "statistician", "lmis_admin")
WORKERS = ("officer", "supervisor", "commissioner")
DECIDERS = ("supervisor", "commissioner")


class RedundanciesConfig(ModuleConfig):
    name = "modules.redundancies"
    label = "redundancies"
    verbose_name = _("Redundancies")
    manifest = Manifest(
        key="redundancies",
        title=_("Redundancies"),
        version="1.0",
        form="",
        description=_(
            "Employers' notifications of redundancies: the reason, when they take effect, the workers "
            "affected by occupation and sex, severance pay."
        ),
        depends_on=("employers",),
        grants={
            "redundancies.view_redundancy": READERS,
            "redundancies.add_redundancy": WORKERS,
            "redundancies.change_redundancy": WORKERS,
            "redundancies.assign_redundancy": DECIDERS,
            "redundancies.conclude_redundancy": DECIDERS,
            "redundancies.export_redundancy": (*DECIDERS, "statistician", "lmis_admin"),
            "redundancies.view_affectedgroup": READERS,
            "redundancies.add_affectedgroup": WORKERS,
            "redundancies.change_affectedgroup": WORKERS,
        },
        menu=(MenuEntry(_("Redundancies"), "redundancies:list", "redundancies.view_redundancy"),),
        urls="modules.redundancies.urls",
        api_urls="modules.redundancies.api_urls",
        tables=(
            CodeTable(
                "redundancy_reason",
                _("Reasons for redundancy"),
                (
                    ("RESTRUCTURING", _("Restructuring")),
                    ("CLOSURE", _("Closure of the business")),
                    ("DOWNTURN", _("Economic downturn")),
                    ("TECHNOLOGY", _("New technology")),
                    ("SEASON_END", _("End of season or contract")),
                    ("OTHER", _("Other")),
                ),
            ),
        ),
        letters=(("redundancies/acknowledgment", _("Acknowledgment")),),
        reports=(
            "modules.redundancies.reports.WORKERS_BY_ACTIVITY",
            "modules.redundancies.reports.WORKERS_BY_OCCUPATION",
            "modules.redundancies.reports.BY_REASON",
            "modules.redundancies.reports.WORKFLOW",
        ),
        indicators=("modules.redundancies.indicators.WORKERS_AFFECTED",),
        demo="modules.redundancies.demo.redundancies_demo",
    )
