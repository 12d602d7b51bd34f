from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from clmis.audit.history import audited
from clmis.records.models import Versioned
from modules.country_settings.colours import colour_check

DEFAULT_BRAND = "#0b4f8a"
DEFAULT_BRAND_INK = "#ffffff"
# Below this many people a count is not published (ARCHITECTURE §5: disclosure control).
DEFAULT_DISCLOSURE_THRESHOLD = 3


def all_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


class CountrySettings(Versioned):
    """How a country's site looks and speaks, and what it may publish: one row per country schema.

    The default language stays on the country's row at the hub (routing reads it before any schema is
    chosen); the languages offered, the branding and the disclosure threshold are the country's own.
    """

    site_name = models.CharField(
        _("site name"), max_length=100, blank=True, help_text=_("Shown at the top of every page.")
    )
    logo = models.BinaryField(_("logo"), null=True, blank=True, editable=False)
    logo_type = models.CharField(max_length=20, blank=True, editable=False)
    brand_colour = models.CharField(
        _("header colour"), max_length=7, default=DEFAULT_BRAND, validators=[colour_check]
    )
    brand_ink = models.CharField(
        _("header text colour"), max_length=7, default=DEFAULT_BRAND_INK, validators=[colour_check]
    )
    footer = models.TextField(_("footer text"), blank=True, max_length=500)
    languages = ArrayField(
        models.CharField(max_length=8, choices=settings.LANGUAGES),
        verbose_name=_("languages offered"),
        default=all_languages,
    )
    disclosure_threshold = models.PositiveSmallIntegerField(
        _("disclosure threshold"),
        default=DEFAULT_DISCLOSURE_THRESHOLD,
        help_text=_("Public tables show no count below this number of people (0 publishes every count)."),
    )
    history = audited(excluded_fields=("logo",))

    class Meta:
        verbose_name = _("country settings")
        verbose_name_plural = _("country settings")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="country_settings_once")]

    def __str__(self) -> str:
        return str(self.site_name or _("Country settings"))
