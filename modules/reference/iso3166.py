"""ISO 3166 country codes (data/iso3166_countries_all.csv; provenance in docs/data.md)."""

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "iso3166_countries_all.csv"


@dataclass(frozen=True)
class IsoCountry:
    alpha2: str
    alpha3: str
    name: str


@cache
def _countries() -> dict[str, IsoCountry]:
    with DATA.open(encoding="utf-8", newline="") as file:
        return {
            row["alpha-2"].lower(): IsoCountry(row["alpha-2"].lower(), row["alpha-3"], row["name"])
            for row in csv.DictReader(file)
        }


def by_alpha2(code: str) -> IsoCountry | None:
    return _countries().get(code.lower())


def all_countries() -> list[IsoCountry]:
    return list(_countries().values())


def codes_free(taken: Iterable[str]) -> list[str]:
    """The alpha-2 codes no country of `taken` has, in order: where countries made for benchmarks and
    synthetic data go, never over a country that is there."""
    used = {code.lower() for code in taken}
    return sorted(code for code in _countries() if code not in used)
