"""The harmonised indicators shipped with the platform, loaded into every country (ARCHITECTURE §5).

The regional hub's catalogue will supply them (the regional-hub issue); until then this starter
catalogue on ILOSTAT codes is shipped: data/harmonised-indicators.csv, from the project's shared
reference data (catalogue/harmonised-indicators.csv). What the catalogue says (name, unit, dimensions,
periodicity, source) is the catalogue's in every country; the responsible agency, the translations and
whether the indicator is in the national package stay each country's own.
"""

import csv
from pathlib import Path

from django.db import transaction

from clmis.audit.context import acting
from modules.indicators.models import Indicator
from modules.registry import module_keys

CATALOGUE = Path(__file__).resolve().parent / "data" / "harmonised-indicators.csv"
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


def catalogue_rows(path: Path = CATALOGUE) -> list[dict]:
    """The catalogue's indicators as the fields of Indicator."""
    with path.open(encoding="utf-8", newline="") as file:
        return [_fields(row) for row in csv.DictReader(file)]


def _fields(row: dict) -> dict:
    return {
        "code": row["code"].strip(),
        "name": row["name_en"].strip(),
        "topic": Indicator.topic_of(row["code"].strip()),
        "unit": row["unit"].strip(),
        "multiplier": int(row["multiplier"] or 0),
        "frequencies": _list(row["frequency"]),
        "dimensions": _list(row["dimensions"]),
        "source": row["source"].strip(),
        "computed_from": _modules(row["source"]),
        "ilostat_code": row["ilostat_code"].strip(),
        "sdg": row["sdg"].strip(),
        "notes": row["notes"].strip(),
    }


def _list(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


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
