"""Reading the hub's fact table for its open data (the JSON and CSV API, SDMX). Only facts are read,
never a country's schema (ARCHITECTURE §8), and a fact is only ever what a country publishes: after
its embargo, after its disclosure control (a hidden value has no value and says so). So nothing here
filters for publication: what is in the table may be shown."""

from collections.abc import Collection, Mapping
from datetime import date, timedelta

from django.db import connection
from django.db.models import Q, QuerySet

from regional_hub.facts.models import Fact

# Selects, for a concept, the facts that leave it out: the total over it.
TOTAL = "_T"
PERIOD_FORMS = {"A": r"^\d{4}$", "Q": r"^\d{4}-Q[1-4]$", "M": r"^\d{4}-\d{2}$"}


def facts_published(
    *,
    indicator: str = "",
    countries: Collection[str] = (),
    frequencies: Collection[str] = (),
    start: date | None = None,
    end: date | None = None,
    breakdown: Mapping[str, Collection[str]] | None = None,
) -> QuerySet[Fact]:
    """The facts of an indicator (its catalogue code; all without one), of the countries given by
    ISO alpha-3 code, of the frequencies given (A, Q, M), of the periods lying wholly between two
    days, and of the codes given by concept (TOTAL: the total over the concept)."""
    facts = Fact.objects.select_related("country", "indicator")
    if indicator:
        facts = facts.filter(indicator__code=indicator)
    if countries:
        facts = facts.filter(country__iso3__in=countries)
    if frequencies:
        facts = facts.filter(_any_of(Q(period__regex=PERIOD_FORMS[f]) for f in frequencies))
    if start or end:
        facts = facts.filter(periods_within(start, end))
    for concept, codes in (breakdown or {}).items():
        facts = facts.filter(_codes(concept, codes))
    return facts.order_by("indicator__code", "country__iso3", "period", "key")


def frequency_of(period: str) -> str:
    """A (A), Q or M: what a period is (2025, 2025-Q1, 2025-03)."""
    return "Q" if "-Q" in period else "M" if "-" in period else "A"


def periods_within(start: date | None, end: date | None) -> Q:
    """Periods lying wholly between two days (either may be open): SDMX's reading of startPeriod and
    endPeriod ("all data that falls between the calendar dates"), so 2025 is not within 2025-Q2 to
    2025-Q4 while its quarters are. Periods of one form compare as text, so the query stays in SQL."""
    wanted = []
    for frequency, (first, last) in {
        "A": (_first_year(start), _last_year(end)),
        "Q": (_first_quarter(start), _last_quarter(end)),
        "M": (_first_month(start), _last_month(end)),
    }.items():
        form = Q(period__regex=PERIOD_FORMS[frequency])
        if first is not None:
            form &= Q(period__gte=first)
        if last is not None:
            form &= Q(period__lte=last)
        wanted.append(form)
    return _any_of(wanted)


def breakdown_codes() -> dict[str, set[str]]:
    """Every code the facts use, by concept (one pass over the table): the codes of national
    classifications (a complaint's category, a district) are known to the hub only from its facts."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT code.key, code.value FROM {Fact._meta.db_table},"  # noqa: S608 - a model's table
            f" jsonb_each_text({Fact._meta.db_table}.dimensions) AS code"
        )
        found: dict[str, set[str]] = {}
        for concept, code in cursor.fetchall():
            found.setdefault(concept, set()).add(code)
    return found


def _codes(concept: str, codes: Collection[str]) -> Q:
    named = sorted(set(codes) - {TOTAL})
    wanted = [Q(**{f"dimensions__{concept}__in": named})] if named else []
    if TOTAL in codes:
        wanted.append(~Q(dimensions__has_key=concept))
    return _any_of(wanted)


def _any_of(conditions) -> Q:
    combined = Q(pk__in=[])
    for condition in conditions:
        combined |= condition
    return combined


# The first and last whole periods of each form between two days, as period text (None: open).
# Periods are counted from year 0 (year * 4 + quarter, year * 12 + month), so a bound moves to the
# next or previous period without calendar arithmetic.


def _first_year(start: date | None) -> str | None:
    if start is None:
        return None
    return _year_text(start.year + (start != date(start.year, 1, 1)))


def _last_year(end: date | None) -> str | None:
    if end is None:
        return None
    return _year_text(end.year - (end != date(end.year, 12, 31)))


def _first_quarter(start: date | None) -> str | None:
    if start is None:
        return None
    index = start.year * 4 + (start.month - 1) // 3
    first_day = start.day == 1 and start.month % 3 == 1
    year, quarter = divmod(index + (not first_day), 4)
    return f"{_year_text(year)}-Q{quarter + 1}"


def _last_quarter(end: date | None) -> str | None:
    if end is None:
        return None
    index = end.year * 4 + (end.month - 1) // 3
    last_day = _last_of_month(end) and end.month % 3 == 0
    year, quarter = divmod(index - (not last_day), 4)
    return f"{_year_text(year)}-Q{quarter + 1}"


def _first_month(start: date | None) -> str | None:
    if start is None:
        return None
    year, month = divmod(start.year * 12 + start.month - 1 + (start.day != 1), 12)
    return f"{_year_text(year)}-{month + 1:02d}"


def _last_month(end: date | None) -> str | None:
    if end is None:
        return None
    year, month = divmod(end.year * 12 + end.month - 1 - (not _last_of_month(end)), 12)
    return f"{_year_text(year)}-{month + 1:02d}"


def _last_of_month(day: date) -> bool:
    return day == date.max or (day + timedelta(days=1)).day == 1


def _year_text(year: int) -> str:
    # Past year 9999 (a start in its last days): a text after every period, so none is selected.
    return f"{year:04d}" if year <= 9999 else "9999~"
