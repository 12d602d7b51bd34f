from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CountrySettingsConfig(AppConfig):
    name = "modules.country_settings"
    label = "country_settings"
    verbose_name = _("Country settings")
