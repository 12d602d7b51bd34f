from django.utils.translation import gettext_lazy as _

from modules.manifest import Manifest, ModuleConfig


class MigrantAssistanceConfig(ModuleConfig):
    name = "modules.migrant_assistance"
    label = "migrant_assistance"
    verbose_name = _("Overseas migrant workers")
    manifest = Manifest(
        key="migrant_assistance",
        title=_("Overseas migrant workers"),
        version="1.0",
        form="Form 22",
        depends_on=(),
        default_enabled=False,
    )
