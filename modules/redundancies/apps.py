from django.utils.translation import gettext_lazy as _

from modules.manifest import Manifest, ModuleConfig


class RedundanciesConfig(ModuleConfig):
    name = "modules.redundancies"
    label = "redundancies"
    verbose_name = _("Redundancies")
    manifest = Manifest(
        key="redundancies",
        title=_("Redundancies"),
        version="1.0",
        form="",
        depends_on=("employers",),
        default_enabled=False,
    )
