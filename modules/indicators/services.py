"""Every change to a country's indicators and agencies goes through here, from pages, API and imports."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from clmis.records.locking import record_save
from modules.indicators.loading import CATALOGUE_FIELDS
from modules.indicators.models import Agency, Indicator

# What a country may change of a harmonised indicator: the rest is the regional catalogue's.
COUNTRY_FIELDS = ("agency", "translations", "active", "definition")


def indicator_save(
    *, indicator: Indicator | None = None, values: Mapping[str, object], version: int | None, by
) -> Indicator:
    """Add a national-only indicator or change one; of a harmonised indicator only its agency, its
    definition, its translations and whether it is in the package may change. Refused, with nothing
    saved, otherwise (naming what belongs to the catalogue), or for a code the catalogue uses."""
    indicator = indicator or Indicator()
    values = dict(values)
    if indicator.harmonised:
        fixed = [
            name
            for name in (*CATALOGUE_FIELDS, "code")
            if name in values and values[name] != getattr(indicator, name)
        ]
        if fixed:
            raise ValidationError(
                {
                    name: _("This comes from the regional catalogue and is the same in every country.")
                    for name in fixed
                }
            )
    elif "code" in values and Indicator.objects.filter(code=values["code"]).exclude(pk=indicator.pk).exists():
        raise ValidationError({"code": _("Another indicator has this code.")})
    frequencies = values.get("frequencies", indicator.frequencies if indicator.pk else [])
    if not frequencies:
        raise ValidationError({"frequencies": _("Choose at least one periodicity.")})
    return record_save(indicator, values=values, version=version, by=by)


def agency_save(
    *, agency: Agency | None = None, values: Mapping[str, object], version: int | None, by
) -> Agency:
    """Register a partner agency or change one."""
    return record_save(agency or Agency(), values=values, version=version, by=by)
