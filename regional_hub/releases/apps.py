from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReleasesConfig(AppConfig):
    name = "regional_hub.releases"
    label = "releases"
    verbose_name = _("Releases")
    default_auto_field = "django.db.models.BigAutoField"
