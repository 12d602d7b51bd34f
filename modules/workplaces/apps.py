from django.utils.translation import gettext_lazy as _

from modules.manifest import Manifest, MenuEntry, ModuleConfig

EVERY_COUNTRY_ROLE = ("officer", "supervisor", "commissioner", "statistician", "lmis_admin")
CASE_WORKERS = ("officer", "supervisor", "commissioner", "lmis_admin")


class WorkplacesConfig(ModuleConfig):
    name = "modules.workplaces"
    label = "workplaces"
    verbose_name = _("Workplaces")
    manifest = Manifest(
        key="workplaces",
        title=_("Workplaces"),
        version="1.0",
        depends_on=("employers",),
        description=_("The workplaces of employers: where people work, and how many, by sex."),
        grants={
            "workplaces.view_workplace": EVERY_COUNTRY_ROLE,
            "workplaces.add_workplace": CASE_WORKERS,
            "workplaces.change_workplace": CASE_WORKERS,
            "workplaces.export_workplace": ("supervisor", "commissioner", "statistician", "lmis_admin"),
        },
        menu=(MenuEntry(_("Workplaces"), "workplaces:list", "workplaces.view_workplace"),),
        demo="modules.workplaces.demo.workplaces_demo",
        reports=("modules.workplaces.reports.WORKERS_BY_DISTRICT",),
        indicators=("modules.workplaces.indicators.LIABLE_TO_INSPECTION",),
        urls="modules.workplaces.urls",
        api_urls="modules.workplaces.api_urls",
    )
