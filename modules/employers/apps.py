from django.utils.translation import gettext_lazy as _

from modules.manifest import Manifest, MenuEntry, ModuleConfig

EVERY_COUNTRY_ROLE = ("officer", "supervisor", "commissioner", "statistician", "lmis_admin")
CASE_WORKERS = ("officer", "supervisor", "commissioner", "lmis_admin")


class EmployersConfig(ModuleConfig):
    name = "modules.employers"
    label = "employers"
    verbose_name = _("Employers")
    manifest = Manifest(
        key="employers",
        title=_("Employers"),
        version="1.0",
        description=_("The register of employers and their representatives."),
        grants={
            "employers.view_employer": EVERY_COUNTRY_ROLE,
            "employers.add_employer": CASE_WORKERS,
            "employers.change_employer": CASE_WORKERS,
            "employers.export_employer": ("supervisor", "commissioner", "statistician", "lmis_admin"),
            "employers.view_representative": EVERY_COUNTRY_ROLE,
            "employers.add_representative": CASE_WORKERS,
            "employers.change_representative": CASE_WORKERS,
        },
        menu=(MenuEntry(_("Employers"), "employers:list", "employers.view_employer"),),
        demo="modules.employers.demo.employers_demo",
        reports=("modules.employers.reports.EMPLOYERS_BY_ACTIVITY",),
        urls="modules.employers.urls",
        api_urls="modules.employers.api_urls",
    )
