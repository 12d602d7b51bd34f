from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    """The news and analysis the LMIS team publishes on the country's public site (issue 7): in every
    country, like the indicators it comments on, not a module a country enables."""

    name = "modules.news"
    label = "news"
    verbose_name = _("News and analysis")
