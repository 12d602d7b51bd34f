"""The harmonised indicators of the regional hub's catalogue, loaded into every country (ARCHITECTURE §5).

The catalogue lives in the hub (regional_hub.catalogue, the public schema); what it says (name,
topic, unit, dimensions, periodicity, source) is the catalogue's in every country; the responsible
agency, the definition's national wording, the translations and whether the indicator is in the
national package stay each country's own.
"""

from django.db import transaction

from clmis.audit.context import acting
from modules.indicators.models import Indicator
from modules.registry import module_keys
from regional_hub.catalogue import selectors as hub

# Names the catalogue gives sources by that are not module keys.
SOURCE_MODULES = {"accidents_diseases": "accidents", "registers": "workplaces"}
CATALOGUE_FIELDS = (
    "name",
    "topic",
    "unit",
    "multiplier",
    "frequencies",
    "dimensions",
    "source",
    "computed_from",
    "ilostat_code",
    "sdg",
    "notes",
)


def catalogue_rows() -> list[dict]:
    """The hub catalogue's indicators as the fields of a country's Indicator."""
    return [{**row, "computed_from": _modules(row["source"])} for row in hub.catalogue_rows()]


def _modules(source: str) -> list[str]:
    """ "computed:industrial_actions + survey employment" -> ["industrial_actions"]."""
    if not source.startswith("computed:"):
        return []
    installed = module_keys()
    words = source.removeprefix("computed:").replace("+", " ").split()
    return [key for key in (SOURCE_MODULES.get(word, word) for word in words) if key in installed]


@transaction.atomic
def catalogue_load() -> int:
    """Create the catalogue's indicators the country lacks and bring the others up to the catalogue;
    returns how many were written (unchanged ones are not, so their history says nothing new). An
    indicator the country had made itself under a catalogue code becomes the harmonised one."""
    existing = {indicator.code: indicator for indicator in Indicator.objects.all()}
    written = 0
    with acting("system"):
        for row in catalogue_rows():
            indicator = existing.get(row["code"]) or Indicator(code=row["code"])
            wanted = {name: row[name] for name in CATALOGUE_FIELDS}
            if (
                indicator.pk
                and indicator.harmonised
                and all(getattr(indicator, name) == value for name, value in wanted.items())
            ):
                continue
            for name, value in wanted.items():
                setattr(indicator, name, value)
            indicator.harmonised = True
            indicator.full_clean()
            indicator.save()
            written += 1
    return written
