from django.utils.translation import gettext_lazy as _

from modules.manifest import Manifest, ModuleConfig


class JobSeekersConfig(ModuleConfig):
    name = "modules.job_seekers"
    label = "job_seekers"
    verbose_name = _("Job seekers")
    manifest = Manifest(
        key="job_seekers",
        title=_("Job seekers"),
        version="1.0",
        form="Form 24",
        depends_on=(),
        default_enabled=False,
    )
