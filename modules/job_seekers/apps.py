"""Job seekers (Form 24): the public employment service's register of people looking for work."""

from django.utils.translation import gettext_lazy as _

from modules.manifest import Manifest, MenuEntry, ModuleConfig
from modules.reference.tables import EDUCATION_LEVELS, LANGUAGES, SKILLS

READERS = ("officer", "supervisor", "commissioner", "statistician", "lmis_admin")
WORKERS = ("officer", "supervisor", "commissioner")
DECIDERS = ("supervisor", "commissioner")


class JobSeekersConfig(ModuleConfig):
    name = "modules.job_seekers"
    label = "job_seekers"
    verbose_name = _("Job seekers")
    manifest = Manifest(
        key="job_seekers",
        title=_("Job seekers"),
        version="1.0",
        form="Form 24",
        description=_(
            "The employment service's register of job seekers: education, experience, skills and "
            "languages, the work they seek; renewal, automatic lapse, placement, duplicates merged."
        ),
        depends_on=(),
        grants={
            "job_seekers.view_jobseeker": READERS,
            "job_seekers.add_jobseeker": WORKERS,
            "job_seekers.change_jobseeker": WORKERS,
            "job_seekers.assign_jobseeker": DECIDERS,
            "job_seekers.merge_jobseeker": DECIDERS,
            "job_seekers.lapse_jobseeker": DECIDERS,
            "job_seekers.export_jobseeker": (*DECIDERS, "statistician", "lmis_admin"),
            "job_seekers.view_education": READERS,
            "job_seekers.add_education": WORKERS,
            "job_seekers.change_education": WORKERS,
            "job_seekers.view_experience": READERS,
            "job_seekers.add_experience": WORKERS,
            "job_seekers.change_experience": WORKERS,
            "job_seekers.view_registrationrules": READERS,
            "job_seekers.change_registrationrules": ("lmis_admin",),
        },
        menu=(
            MenuEntry(_("Job seekers"), "job_seekers:list", "job_seekers.view_jobseeker"),
            MenuEntry(
                _("Job seeker registration rules"),
                "job_seekers:rules",
                "job_seekers.change_registrationrules",
            ),
        ),
        urls="modules.job_seekers.urls",
        api_urls="modules.job_seekers.api_urls",
        tables=(EDUCATION_LEVELS, LANGUAGES, SKILLS),
        letters=(("job_seekers/registration_card", _("Registration card")),),
        reports=(
            "modules.job_seekers.reports.BY_OCCUPATION_AND_SEX",
            "modules.job_seekers.reports.BY_AGE_AND_SEX",
            "modules.job_seekers.reports.BY_DISTRICT_AND_SEX",
            "modules.job_seekers.reports.BY_EDUCATION_AND_SEX",
            "modules.job_seekers.reports.ACTIVE_BY_OCCUPATION_AND_SEX",
            "modules.job_seekers.reports.WORKFLOW",
        ),
        indicators=("modules.job_seekers.indicators.REGISTERED",),
        demo="modules.job_seekers.demo.job_seekers_demo",
    )
