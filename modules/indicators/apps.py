from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    """The national labour-market indicators every country has (ARCHITECTURE §5): not a module a
    country enables, but the package its agencies agree to produce and publish."""

    name = "modules.indicators"
    label = "indicators"
    verbose_name = _("Indicators")
