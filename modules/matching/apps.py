from django.utils.translation import gettext_lazy as _

from modules.manifest import Manifest, MenuEntry, ModuleConfig

READERS = ("officer", "supervisor", "commissioner", "statistician", "lmis_admin")
WORKERS = ("officer", "supervisor", "commissioner")
DECIDERS = ("supervisor", "commissioner")


class MatchingConfig(ModuleConfig):
    name = "modules.matching"
    label = "matching"
    verbose_name = _("Matching and placements")
    manifest = Manifest(
        key="matching",
        title=_("Matching and placements"),
        version="1.0",
        description=_(
            "Job seekers ranked for a vacancy and vacancies for a job seeker, every score explained; "
            "referrals to employers, interviews, outcomes and placements."
        ),
        depends_on=("job_seekers", "vacancies"),
        grants={
            "matching.view_jobreferral": READERS,
            "matching.add_jobreferral": WORKERS,
            "matching.change_jobreferral": WORKERS,
            "matching.assign_jobreferral": DECIDERS,
            "matching.cancel_placement": DECIDERS,
            "matching.export_jobreferral": (*DECIDERS, "statistician", "lmis_admin"),
        },
        menu=(MenuEntry(_("Referrals and placements"), "matching:list", "matching.view_jobreferral"),),
        urls="modules.matching.urls",
        api_urls="modules.matching.api_urls",
        letters=(("matching/referral", _("Letter of referral to the employer")),),
        reports=(
            "modules.matching.reports.PLACEMENTS_BY_OCCUPATION_AND_SEX",
            "modules.matching.reports.PLACEMENTS_BY_AGE_AND_SEX",
            "modules.matching.reports.PLACEMENTS_BY_DISTRICT_AND_SEX",
            "modules.matching.reports.REFERRALS_BY_OUTCOME_AND_SEX",
            "modules.matching.reports.WORKFLOW",
        ),
        indicators=("modules.matching.indicators.PLACEMENTS",),
        demo="modules.matching.demo.matching_demo",
    )
