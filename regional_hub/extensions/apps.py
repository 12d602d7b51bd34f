from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExtensionsConfig(AppConfig):
    name = "regional_hub.extensions"
    label = "extensions"
    verbose_name = _("Extensions")
    default_auto_field = "django.db.models.BigAutoField"
