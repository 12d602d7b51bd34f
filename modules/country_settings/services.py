"""Every change to a country's settings goes through here, from its settings page, the API and the hub."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from clmis.accounts.actors import actor_label
from clmis.audit.context import acting
from clmis.records.locking import record_save
from modules.country_settings.colours import MINIMUM_CONTRAST, WHITE, contrast
from modules.country_settings.models import CountrySettings
from modules.country_settings.selectors import country_settings_forget
from tenants.routing import forget_routes

LOGO_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
LOGO_MAX_BYTES = 200 * 1024
# Keep logo as it is / remove it.
KEEP, REMOVE = "keep", "remove"


@transaction.atomic
def country_settings_save(
    *,
    values: Mapping[str, object],
    version: int | None,
    by,
    default_language: str | None = None,
    logo: UploadedFile | str = KEEP,
) -> CountrySettings:
    """Save the current country's settings; refused, with nothing saved, when a colour would make the
    site hard to read, the default language is not among those offered, or the logo is not a small
    PNG or JPEG."""
    current = CountrySettings.objects.select_for_update().filter(pk=1).first()
    settings = current or CountrySettings()
    # The one row of the schema is row 1 (a constraint says so), created by the first save.
    values = dict(values) if current else {**values, "id": 1}
    country = connection.tenant
    language = default_language or country.default_language
    errors = {**_colour_errors(values, settings), **_language_errors(values, settings, language)}
    if logo not in (KEEP, REMOVE):
        logo_type, logo_error = _logo_checked(logo)
        if logo_error:
            errors["logo"] = logo_error
        else:
            values.update(logo=logo.read(), logo_type=logo_type)
    elif logo == REMOVE:
        values.update(logo=None, logo_type="")
    if errors:
        raise ValidationError(errors)
    saved = record_save(settings, values=values, version=version if current else None, by=by)
    if language != country.default_language:
        _default_language_set(country, language, by)
    country_settings_forget()
    transaction.on_commit(country_settings_forget)
    return saved


def _colour_errors(values: Mapping[str, object], settings: CountrySettings) -> dict[str, str]:
    brand = str(values.get("brand_colour", settings.brand_colour))
    ink = str(values.get("brand_ink", settings.brand_ink))
    if not (brand.startswith("#") and ink.startswith("#") and len(brand) == len(ink) == 7):
        return {}  # the fields' own validation says what is wrong
    errors = {}
    if contrast(brand, ink) < MINIMUM_CONTRAST:
        errors["brand_ink"] = _(
            "The header text would be hard to read on the header colour (contrast %(ratio).1f:1; at "
            "least %(minimum).1f:1 is needed). Choose a darker or lighter colour."
        ) % {"ratio": contrast(brand, ink), "minimum": MINIMUM_CONTRAST}
    if contrast(brand, WHITE) < MINIMUM_CONTRAST:
        errors["brand_colour"] = _(
            "Links take the header colour on a white page, where this one would be hard to read "
            "(contrast %(ratio).1f:1; at least %(minimum).1f:1 is needed). Choose a darker colour."
        ) % {"ratio": contrast(brand, WHITE), "minimum": MINIMUM_CONTRAST}
    return errors


def _language_errors(
    values: Mapping[str, object], settings: CountrySettings, language: str
) -> dict[str, str]:
    offered = list(values.get("languages", settings.languages))
    if not offered:
        return {"languages": _("Offer at least one language.")}
    if language not in offered:
        return {"default_language": _("The default language must be one of the languages offered.")}
    return {}


def _logo_checked(logo: UploadedFile) -> tuple[str, str]:
    """The logo's type, or why it is refused (by its first bytes, not by its name)."""
    if logo.size > LOGO_MAX_BYTES:
        return "", _("The logo must be at most 200 KB (this one is %(size)d KB).") % {
            "size": logo.size // 1024
        }
    head = logo.read(8)
    logo.seek(0)
    for signature, content_type in LOGO_TYPES.items():
        if head.startswith(signature):
            return content_type, ""
    return "", _("The logo must be a PNG or JPEG image.")


def _default_language_set(country, language: str, by) -> None:
    """The default language is kept on the country's row at the hub, where routing reads it."""
    with acting(actor_label(by)), schema_context(get_public_schema_name()):
        country.default_language = language
        country.save(update_fields=["default_language"])
    forget_routes()
    transaction.on_commit(forget_routes)
