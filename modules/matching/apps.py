from django.utils.translation import gettext_lazy as _

from modules.manifest import Manifest, ModuleConfig


class MatchingConfig(ModuleConfig):
    name = "modules.matching"
    label = "matching"
    verbose_name = _("Matching and placements")
    manifest = Manifest(
        key="matching",
        title=_("Matching and placements"),
        version="1.0",
        form="",
        depends_on=("job_seekers", "vacancies"),
        default_enabled=False,
    )
