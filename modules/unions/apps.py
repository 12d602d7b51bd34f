from django.utils.translation import gettext_lazy as _

from modules.manifest import Manifest, MenuEntry, ModuleConfig

EVERY_COUNTRY_ROLE = ("officer", "supervisor", "commissioner", "statistician", "lmis_admin")
CASE_WORKERS = ("officer", "supervisor", "commissioner", "lmis_admin")


class UnionsConfig(ModuleConfig):
    name = "modules.unions"
    label = "unions"
    verbose_name = _("Trade unions")
    manifest = Manifest(
        key="unions",
        title=_("Trade unions"),
        version="1.0",
        description=_("The register of trade unions: their sectors, membership by sex and contact person."),
        grants={
            "unions.view_tradeunion": EVERY_COUNTRY_ROLE,
            "unions.add_tradeunion": CASE_WORKERS,
            "unions.change_tradeunion": CASE_WORKERS,
            "unions.export_tradeunion": ("supervisor", "commissioner", "statistician", "lmis_admin"),
        },
        menu=(MenuEntry(_("Trade unions"), "unions:list", "unions.view_tradeunion"),),
        demo="modules.unions.demo.unions_demo",
        reports=("modules.unions.reports.MEMBERS_BY_DISTRICT",),
        urls="modules.unions.urls",
        api_urls="modules.unions.api_urls",
    )
