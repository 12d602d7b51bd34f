from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FactsConfig(AppConfig):
    name = "regional_hub.facts"
    label = "facts"
    verbose_name = _("Regional facts")
    default_auto_field = "django.db.models.BigAutoField"
