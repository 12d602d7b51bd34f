from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "regional_hub.catalogue"
    label = "catalogue"
    verbose_name = _("Harmonised catalogue")
    default_auto_field = "django.db.models.BigAutoField"
