"""Assistance to nationals working abroad or about to leave (Form 22), with the inputs of SDG 10.7.1."""

from django.utils.translation import gettext_lazy as _

from modules.manifest import CodeTable, Manifest, MenuEntry, ModuleConfig

READERS = ("officer", "supervisor", "commissioner", "statistician", "lmis_admin")
WORKERS = ("officer", "supervisor", "commissioner")
DECIDERS = ("supervisor", "commissioner")


class MigrantAssistanceConfig(ModuleConfig):
    name = "modules.migrant_assistance"
    label = "migrant_assistance"
    verbose_name = _("Overseas migrant workers")
    manifest = Manifest(
        key="migrant_assistance",
        title=_("Overseas migrant workers"),
        version="1.0",
        form="Form 22",
        description=_(
            "Nationals working abroad, or about to leave, who ask the Department for help: contract "
            "problems, unpaid wages, repatriation; the actions taken, the outcome, and the recruitment "
            "cost as a share of earnings (SDG 10.7.1)."
        ),
        depends_on=(),
        grants={
            "migrant_assistance.view_assistancerequest": READERS,
            "migrant_assistance.add_assistancerequest": WORKERS,
            "migrant_assistance.change_assistancerequest": WORKERS,
            "migrant_assistance.assign_assistancerequest": DECIDERS,
            "migrant_assistance.close_assistancerequest": DECIDERS,
            "migrant_assistance.export_assistancerequest": (*DECIDERS, "statistician", "lmis_admin"),
            "migrant_assistance.view_assistanceaction": READERS,
            "migrant_assistance.add_assistanceaction": WORKERS,
            "migrant_assistance.change_assistanceaction": WORKERS,
        },
        menu=(
            MenuEntry(
                _("Overseas migrant workers"),
                "migrant_assistance:list",
                "migrant_assistance.view_assistancerequest",
            ),
        ),
        urls="modules.migrant_assistance.urls",
        api_urls="modules.migrant_assistance.api_urls",
        tables=(
            CodeTable(
                "assistance_request_type",
                _("Types of request for assistance abroad"),
                (
                    ("PRE_DEPARTURE", _("Pre-departure information")),
                    ("CONTRACT", _("Contract problem")),
                    ("REPATRIATION", _("Repatriation")),
                    ("WAGES", _("Unpaid wages")),
                    ("ABUSE", _("Abuse or exploitation")),
                    ("OTHER", _("Other")),
                ),
            ),
        ),
        letters=(
            ("migrant_assistance/acknowledgment", _("Acknowledgment")),
            ("migrant_assistance/referral", _("Letter of introduction to the organisation abroad")),
        ),
        reports=(
            "modules.migrant_assistance.reports.BY_DESTINATION_AND_SEX",
            "modules.migrant_assistance.reports.BY_TYPE_AND_SEX",
            "modules.migrant_assistance.reports.BY_OCCUPATION_AND_SEX",
            "modules.migrant_assistance.reports.RECRUITMENT_COST_BY_DESTINATION",
            "modules.migrant_assistance.reports.WORKFLOW",
        ),
        indicators=(
            "modules.migrant_assistance.indicators.ASSISTED",
            "modules.migrant_assistance.indicators.RECRUITMENT_COST_SHARE",
        ),
        demo="modules.migrant_assistance.demo.migrant_assistance_demo",
        default_enabled=True,
    )
