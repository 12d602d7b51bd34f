from django.utils.translation import gettext_lazy as _

from modules.manifest import Manifest, ModuleConfig


class VacancySurveysConfig(ModuleConfig):
    name = "modules.vacancy_surveys"
    label = "vacancy_surveys"
    verbose_name = _("Limited vacancy surveys")
    manifest = Manifest(
        key="vacancy_surveys",
        title=_("Limited vacancy surveys"),
        version="1.0",
        form="",
        depends_on=("employers",),
        default_enabled=False,
    )
