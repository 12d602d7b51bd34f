from django.utils.translation import gettext_lazy as _

from modules.manifest import Manifest, ModuleConfig


class VacanciesConfig(ModuleConfig):
    name = "modules.vacancies"
    label = "vacancies"
    verbose_name = _("Vacancies")
    manifest = Manifest(
        key="vacancies",
        title=_("Vacancies"),
        version="1.0",
        form="Form 25",
        depends_on=("employers",),
        default_enabled=False,
    )
