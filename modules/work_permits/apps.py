from django.utils.translation import gettext_lazy as _

from modules.manifest import Manifest, ModuleConfig


class WorkPermitsConfig(ModuleConfig):
    name = "modules.work_permits"
    label = "work_permits"
    verbose_name = _("Work permits")
    manifest = Manifest(
        key="work_permits",
        title=_("Work permits"),
        version="1.0",
        form="",
        depends_on=("employers",),
        default_enabled=False,
    )
