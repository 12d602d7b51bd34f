"""The catalogue the platform ships, seeded into the hub: the starter harmonised indicators
(data/harmonised-indicators.csv) and ILOSTAT's codelists (data/ilostat_dic_*.csv), both from the
project's shared reference data (docs/data.md).

Seeding only adds what the hub lacks: once an indicator is in the hub, its definition is the hub
administrators' (a new version through definition_change), never overwritten by the shipped file.
"""

import csv
from collections.abc import Iterator
from pathlib import Path

from django.db import transaction
from django_tenants.utils import get_public_schema_name, schema_context

from modules.indicators.models import Indicator
from regional_hub.catalogue.models import Codelist, CodelistCode, Definition, HarmonisedIndicator

DATA = Path(__file__).resolve().parent / "data"
STARTER = DATA / "harmonised-indicators.csv"
# ILOSTAT's dictionaries of one concept each; classif1 holds many, each code prefixed by its concept.
SINGLE_CONCEPT = {
    "SEX": ("ilostat_dic_sex_en.csv", "Sex"),
    "OBS_STATUS": ("ilostat_dic_obs_status_en.csv", "Observation status"),
    "REF_AREA": ("ilostat_dic_ref_area_en.csv", "Reference area"),
}
CLASSIFICATIONS = "ilostat_dic_classif1_en.csv"


def starter_rows(path: Path = STARTER) -> list[dict]:
    """The shipped starter catalogue, as the fields of a HarmonisedIndicator and its first definition."""
    with path.open(encoding="utf-8", newline="") as file:
        return [
            {
                "code": row["code"].strip(),
                "name": row["name_en"].strip(),
                "topic": Indicator.topic_of(row["code"].strip()),
                "unit": row["unit"].strip(),
                "multiplier": int(row["multiplier"] or 0),
                "frequencies": _list(row["frequency"]),
                "dimensions": _list(row["dimensions"]),
                "source": row["source"].strip(),
                "ilostat_code": row["ilostat_code"].strip(),
                "sdg": row["sdg"].strip(),
                "notes": row["notes"].strip(),
            }
            for row in csv.DictReader(file)
        ]


def _list(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def ilostat_codes() -> Iterator[tuple[str, str, str, str]]:
    """(concept, classification, code, label) of every code of ILOSTAT's dictionaries."""
    for concept, (name, title) in SINGLE_CONCEPT.items():
        for code, label in _dictionary(name):
            yield concept, title, code, label.split(": ", 1)[-1]
    for code, label in _dictionary(CLASSIFICATIONS):
        classification, _, short = label.partition(": ")
        yield code.split("_", 1)[0], classification, code, short or label


def _dictionary(name: str) -> list[tuple[str, str]]:
    with (DATA / name).open(encoding="utf-8-sig", newline="") as file:
        rows = csv.reader(file)
        next(rows)
        return [(code.strip(), label.strip()) for code, label in rows]


@transaction.atomic
def catalogue_seed() -> int:
    """Add to the hub the shipped codelists and indicators it lacks; returns how many rows were added
    (none when the hub has them all: two counting queries)."""
    with schema_context(get_public_schema_name()):
        return _codelists_seed() + _indicators_seed()


def _codelists_seed() -> int:
    codes = list(ilostat_codes())
    if CodelistCode.objects.count() >= len(codes):
        return 0
    concepts = {}
    for concept, classification, _code, _label in codes:
        concepts.setdefault(concept, classification)
    for concept, name in concepts.items():
        Codelist.objects.get_or_create(concept=concept, defaults={"name": name})
    lists = dict(Codelist.objects.values_list("concept", "pk"))
    made = CodelistCode.objects.bulk_create(
        [
            CodelistCode(codelist_id=lists[concept], code=code, label=label, classification=classification)
            for concept, classification, code, label in codes
        ],
        ignore_conflicts=True,
    )
    return len(made)


def _indicators_seed() -> int:
    rows = starter_rows()
    present = set(HarmonisedIndicator.objects.values_list("code", flat=True))
    added = 0
    for row in rows:
        if row["code"] in present:
            continue
        wording = {part: row.pop(part) for part in ("name", "notes")}
        indicator = HarmonisedIndicator(**row)
        indicator.full_clean()
        indicator.save()
        Definition.objects.create(
            indicator=indicator, number=1, breaks_series=False, actor="system", **wording
        )
        added += 1
    return added
