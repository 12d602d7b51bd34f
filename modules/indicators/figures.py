"""Real published figures for the demo countries: labour-force survey rates from ILOSTAT (via
Gapminder's systema_globalis, CC BY 4.0; data/caribbean_labour_ilostat_via_gapminder_sg.csv, from the
project's shared reference data), loaded as values the statistics office submitted and the country
approved, so the demo's public pages show the countries' real unemployment and participation rates.
"""

import csv
import re
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from modules.indicators.models import Indicator, Observation, breakdown_key

FIGURES = Path(__file__).resolve().parent / "data" / "caribbean_labour_ilostat_via_gapminder_sg.csv"
SERIES = re.compile(
    r"^(?:(?P<sex>female|male)s?_)?aged_(?P<age>15plus|15_24|25_54|55_64|65plus)_"
    r"(?P<measure>unemployment_rate|labour_force_participation_rate|employment_rate)_percent$"
)
INDICATORS = {
    "unemployment_rate": "UNE_DEAP_SEX_AGE_RT",
    "labour_force_participation_rate": "EAP_DWAP_SEX_AGE_RT",
    "employment_rate": "EMP_DWAP_SEX_AGE_RT",
}
AGES = {
    "15plus": "AGE_YTHADULT_YGE15",
    "15_24": "AGE_YTHADULT_Y15-24",
    "25_54": "AGE_AGGREGATE_Y25-54",
    "55_64": "AGE_AGGREGATE_Y55-64",
    "65plus": "AGE_AGGREGATE_YGE65",
}
SEXES = {"female": "SEX_F", "male": "SEX_M"}
SOURCE = "ILOSTAT (via Gapminder systema_globalis)"


def figures_of(iso3: str, path: Path = FIGURES) -> list[dict]:
    """The country's rows that are values of catalogue indicators, as an observation's fields."""
    found = []
    with path.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            match = SERIES.match(row["indicator"])
            if row["iso3"] != iso3 or match is None:
                continue
            breakdown = {"AGE": AGES[match["age"]]}
            if match["sex"]:
                breakdown["SEX"] = SEXES[match["sex"]]
            found.append(
                {
                    "code": INDICATORS[match["measure"]],
                    "period": row["year"],
                    "dimensions": breakdown,
                    "value": Decimal(row["value"]).quantize(Decimal("0.0001")),
                }
            )
    return found


@transaction.atomic
def figures_load(iso3: str) -> int:
    """Load the country's real figures once, approved and public, as its statistics office's
    submissions (returns how many were added): in bulk, each with its history row."""
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=INDICATORS.values())}
    present = set(
        Observation.objects.filter(indicator__in=indicators.values()).values_list(
            "indicator__code", "period", "key"
        )
    )
    now = timezone.now()
    new = []
    for figure in figures_of(iso3):
        indicator = indicators.get(figure["code"])
        key = breakdown_key(figure["dimensions"])
        if indicator is None or (figure["code"], figure["period"], key) in present:
            continue
        present.add((figure["code"], figure["period"], key))
        new.append(
            Observation(
                indicator=indicator,
                period=figure["period"],
                key=key,
                dimensions=figure["dimensions"],
                value=figure["value"],
                origin=Observation.Origin.SUBMITTED,
                state=Observation.State.APPROVED,
                submitted_by=SOURCE,
                decided_by="system",
                decided_at=now,
                publish_at=now,
            )
        )
    # Bulk writes send no signal: the history's actor is given here.
    history = {"default_date": now, "custom_historical_attrs": {"actor": "system"}}
    with transaction.atomic():
        bulk_create_with_history(new, Observation, **history)
    return len(new)
