from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClmisConfig(AppConfig):
    name = "clmis"
    verbose_name = _("CLMIS platform")
