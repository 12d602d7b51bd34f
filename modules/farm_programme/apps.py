from django.utils.translation import gettext_lazy as _

from modules.manifest import Manifest, MenuEntry, ModuleConfig

READERS = ("officer", "supervisor", "commissioner", "statistician", "lmis_admin")
WORKERS = ("officer", "supervisor", "commissioner")
DECIDERS = ("supervisor", "commissioner")
EXPORTERS = (*DECIDERS, "statistician", "lmis_admin")


class FarmProgrammeConfig(ModuleConfig):
    name = "modules.farm_programme"
    label = "farm_programme"
    verbose_name = _("Farm programme")
    manifest = Manifest(
        key="farm_programme",
        title=_("Farm programme"),
        version="1.0",
        form="",
        description=_(
            "The seasonal agricultural workers programme: recruitment rounds, applicants shortlisted and "
            "selected, medicals and documents, departures and returns, earnings and remittances, follow-up."
        ),
        grants={
            "farm_programme.view_recruitmentround": READERS,
            "farm_programme.add_recruitmentround": DECIDERS,
            "farm_programme.change_recruitmentround": DECIDERS,
            "farm_programme.export_recruitmentround": EXPORTERS,
            "farm_programme.view_farmworker": READERS,
            "farm_programme.add_farmworker": WORKERS,
            "farm_programme.change_farmworker": WORKERS,
            "farm_programme.assign_farmworker": DECIDERS,
            "farm_programme.select_farmworker": DECIDERS,
            "farm_programme.export_farmworker": EXPORTERS,
            "farm_programme.view_followup": READERS,
            "farm_programme.add_followup": WORKERS,
            "farm_programme.change_followup": WORKERS,
        },
        menu=(
            MenuEntry(_("Farm programme"), "farm_programme:list", "farm_programme.view_farmworker"),
            MenuEntry(
                _("Recruitment rounds"), "farm_programme:round-list", "farm_programme.view_recruitmentround"
            ),
        ),
        urls="modules.farm_programme.urls",
        api_urls="modules.farm_programme.api_urls",
        letters=(
            ("farm_programme/selection", _("Selection letter")),
            ("farm_programme/briefing", _("Pre-departure briefing")),
        ),
        reports=(
            "modules.farm_programme.reports.DEPARTURES_BY_DESTINATION_AND_SEX",
            "modules.farm_programme.reports.RETURNS_BY_DESTINATION_AND_SEX",
            "modules.farm_programme.reports.APPLICANTS_BY_DISTRICT_AND_SEX",
            "modules.farm_programme.reports.EARNINGS_BY_DESTINATION",
            "modules.farm_programme.reports.WORKFLOW",
        ),
        indicators=("modules.farm_programme.indicators.NATIONALS_EMPLOYED_ABROAD",),
        demo="modules.farm_programme.demo.farm_programme_demo",
    )
