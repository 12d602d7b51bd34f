"""What the country's public site shows of its indicators: published values only (observations_public),
each table through disclosure control at the country's threshold."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from modules.country_settings.selectors import country_settings
from modules.indicators.disclosure import Cell, disclosure_apply
from modules.indicators.models import Indicator, Observation
from modules.indicators.selectors import observations_public, public_value


@dataclass(frozen=True)
class Row:
    period: str
    breakdown: dict[str, str]
    value: Decimal | None  # None: hidden by disclosure control
    suppressed: str
    revised: bool
    flag: str
    # Of the value shown, where it is the observation's own (not the one a revision waits to replace)
    # and not hidden: what the hub collects to re-aggregate rates and to trace the national revision.
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    revision: int | None = None
    published_at: datetime.datetime | None = None


def indicators_published() -> QuerySet[Indicator]:
    """The indicators of the package with at least one published value, by code."""
    return (
        Indicator.objects.filter(active=True, observations__in=observations_public())
        .distinct()
        .order_by("code")
    )


def published_rows(
    indicator: Indicator,
    *,
    periods: set[str] | None = None,
    where: dict | None = None,
    now: datetime.datetime | None = None,
) -> list[Row]:
    """The indicator's published values, newest period first, after disclosure control (each period's
    values are one table: its totals and their parts); `where` keeps the rows of those codes. `now`:
    as published at that moment (the moment a collection runs for)."""
    now = now or timezone.now()
    observations = observations_public(now).filter(indicator=indicator)
    if periods:
        observations = observations.filter(period__in=periods)
    by_period: dict[str, list[Observation]] = defaultdict(list)
    for observation in observations.order_by("-period", "key"):
        by_period[observation.period].append(observation)
    threshold = country_settings().disclosure_threshold
    rows = []
    for period, values in by_period.items():
        shown = [public_value(o, now) for o in values]
        cells = [Cell(o.dimensions, value, o.numerator) for o, value in zip(values, shown, strict=True)]
        disclosure_apply(cells, threshold=threshold, unit=indicator.unit)
        for observation, cell in zip(values, cells, strict=True):
            if where and any(observation.dimensions.get(k) != v for k, v in where.items()):
                continue
            # Own: the observation's value is the one shown (not the earlier one a revision waits to
            # replace). Revised: what is shown replaced an earlier published value.
            own = observation.is_public(now)
            revised = observation.revised and own
            rows.append(
                Row(
                    period,
                    observation.dimensions,
                    cell.shown,
                    cell.suppressed,
                    revised,
                    observation.flag,
                    numerator=observation.numerator if own and not cell.suppressed else None,
                    denominator=observation.denominator if own and not cell.suppressed else None,
                    revision=observation.version if own else None,
                    published_at=observation.publish_at if own else None,
                )
            )
    return rows


def headline(indicator: Indicator, where: dict[str, str] | None = None) -> list[Row]:
    """The series of the indicator's overall value (its total, or for the survey rates the 15+ of
    both sexes), oldest first: what the home page shows with a sparkline. With `where`, the series of
    that selection (SEX_F: the women's total) instead."""
    where = where or {}
    wanted = [where] if "AGE" in where else [where, {**where, "AGE": "AGE_YTHADULT_YGE15"}]
    selected = [row for row in published_rows(indicator, where=where) if row.breakdown in wanted]
    return sorted(selected, key=lambda row: row.period)


def selection_choices(indicator: Indicator) -> tuple[list[str], dict[str, list[str]]]:
    """What the public can choose among on an indicator's page: its published periods (newest
    first) and, for each dimension, the codes its published values have."""
    periods: set[str] = set()
    codes: dict[str, set[str]] = {concept: set() for concept in indicator.dimensions}
    for period, breakdown in (
        observations_public().filter(indicator=indicator).values_list("period", "dimensions")
    ):
        periods.add(period)
        for concept, code in breakdown.items():
            codes.setdefault(concept, set()).add(code)
    return sorted(periods, reverse=True), {concept: sorted(found) for concept, found in codes.items()}


def sparkline(values: list[Decimal | None], width: int = 120, height: int = 30) -> str:
    """SVG polyline points of a series (hidden values skipped): a chart with no script and no library."""
    shown = [(index, float(value)) for index, value in enumerate(values) if value is not None]
    if len(shown) < 2:
        return ""
    low, high = min(v for _i, v in shown), max(v for _i, v in shown)
    spread = (high - low) or 1
    last = len(values) - 1 or 1
    return " ".join(
        f"{index * width / last:.1f},{height - (value - low) * height / spread:.1f}" for index, value in shown
    )
