"""Limited vacancy surveys: periodic rounds asking employers how many posts are vacant, by occupation."""

from django.utils.translation import gettext_lazy as _

from modules.manifest import Manifest, MenuEntry, ModuleConfig

READERS = ("officer", "supervisor", "commissioner", "statistician", "lmis_admin")
RECORDERS = ("officer", "supervisor", "commissioner")
ORGANISERS = ("supervisor", "commissioner")


class VacancySurveysConfig(ModuleConfig):
    name = "modules.vacancy_surveys"
    label = "vacancy_surveys"
    verbose_name = _("Limited vacancy surveys")
    manifest = Manifest(
        key="vacancy_surveys",
        title=_("Limited vacancy surveys"),
        version="1.0",
        form="",
        description=_(
            "Periodic surveys of a sample of employers: the posts vacant at a reference date by occupation, "
            "those hard to fill and those expected, with the response rate of each round."
        ),
        depends_on=("employers",),
        grants={
            "vacancy_surveys.view_surveyround": READERS,
            "vacancy_surveys.add_surveyround": ORGANISERS,
            "vacancy_surveys.change_surveyround": ORGANISERS,
            "vacancy_surveys.open_surveyround": ORGANISERS,
            "vacancy_surveys.export_surveyround": (*ORGANISERS, "statistician", "lmis_admin"),
            "vacancy_surveys.view_surveyresponse": READERS,
            "vacancy_surveys.add_surveyresponse": RECORDERS,
            "vacancy_surveys.change_surveyresponse": RECORDERS,
        },
        menu=(MenuEntry(_("Vacancy surveys"), "vacancy_surveys:list", "vacancy_surveys.view_surveyround"),),
        urls="modules.vacancy_surveys.urls",
        api_urls="modules.vacancy_surveys.api_urls",
        reports=(
            "modules.vacancy_surveys.reports.VACANCIES_BY_OCCUPATION",
            "modules.vacancy_surveys.reports.VACANCIES_BY_ACTIVITY",
            "modules.vacancy_surveys.reports.VACANCIES_BY_DISTRICT",
        ),
        demo="modules.vacancy_surveys.demo.vacancy_surveys_demo",
        default_enabled=True,
    )
