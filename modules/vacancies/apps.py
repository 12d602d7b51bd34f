from django.utils.translation import gettext_lazy as _

from modules.manifest import Manifest, MenuEntry, ModuleConfig
from modules.reference.tables import EDUCATION_LEVELS, LANGUAGES, SKILLS

READERS = ("officer", "supervisor", "commissioner", "statistician", "lmis_admin")
WORKERS = ("officer", "supervisor", "commissioner")
DECIDERS = ("supervisor", "commissioner")
EXPORTERS = (*DECIDERS, "statistician", "lmis_admin")


class VacanciesConfig(ModuleConfig):
    name = "modules.vacancies"
    label = "vacancies"
    verbose_name = _("Vacancies")
    manifest = Manifest(
        key="vacancies",
        title=_("Vacancies"),
        version="1.0",
        form="Form 25",
        description=_(
            "Vacancies employers notify to the employment service, with their requirements and terms, "
            "and employers' requests to recruit for them (work requests)."
        ),
        depends_on=("employers",),
        grants={
            "vacancies.view_vacancy": READERS,
            "vacancies.add_vacancy": WORKERS,
            "vacancies.change_vacancy": WORKERS,
            "vacancies.assign_vacancy": DECIDERS,
            "vacancies.decide_vacancy": DECIDERS,
            "vacancies.export_vacancy": EXPORTERS,
            "vacancies.view_workrequest": READERS,
            "vacancies.add_workrequest": WORKERS,
            "vacancies.change_workrequest": WORKERS,
            "vacancies.assign_workrequest": DECIDERS,
            "vacancies.decide_workrequest": DECIDERS,
            "vacancies.export_workrequest": EXPORTERS,
        },
        menu=(
            MenuEntry(_("Vacancies"), "vacancies:list", "vacancies.view_vacancy"),
            MenuEntry(_("Work requests"), "vacancies:work-request-list", "vacancies.view_workrequest"),
        ),
        urls="modules.vacancies.urls",
        api_urls="modules.vacancies.api_urls",
        tables=(EDUCATION_LEVELS, LANGUAGES, SKILLS),
        letters=(
            ("vacancies/acknowledgment", _("Acknowledgment of the vacancy")),
            ("vacancies/work_request_acknowledgment", _("Acknowledgment of the work request")),
        ),
        reports=(
            "modules.vacancies.reports.BY_OCCUPATION",
            "modules.vacancies.reports.BY_DISTRICT",
            "modules.vacancies.reports.POSTS_BY_OCCUPATION_AND_ACTIVITY",
            "modules.vacancies.reports.BY_STATUS",
            "modules.vacancies.reports.WORKFLOW",
            "modules.vacancies.reports.WORK_REQUESTS_WORKFLOW",
        ),
        indicators=("modules.vacancies.indicators.REGISTERED",),
        demo="modules.vacancies.demo.vacancies_demo",
    )
