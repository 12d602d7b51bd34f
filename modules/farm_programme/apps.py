from django.utils.translation import gettext_lazy as _

from modules.manifest import Manifest, ModuleConfig


class FarmProgrammeConfig(ModuleConfig):
    name = "modules.farm_programme"
    label = "farm_programme"
    verbose_name = _("Farm programme")
    manifest = Manifest(
        key="farm_programme",
        title=_("Farm programme"),
        version="1.0",
        form="",
        depends_on=(),
        default_enabled=False,
    )
