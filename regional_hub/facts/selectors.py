"""Reading the hub's facts: coverage (who has published what), comparisons across countries and the
regional aggregates, and the open data (the JSON and CSV API, SDMX). Only the hub's own tables are
read, never a country's schema (ARCHITECTURE §8); and a fact is only ever what a country publishes:
after its embargo, after its disclosure control (a hidden value has no value and says so), so
nothing here filters for publication: what is in the table may be shown."""

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from modules.indicators.models import RATE_SCALE
from regional_hub.catalogue.models import HarmonisedIndicator
from regional_hub.facts.models import CollectionProblem, Fact, PeriodStatus
from tenants.models import Country

PUBLISHED, SUBMITTED, LATE, PLANNED, MISSING = "published", "submitted", "late", "planned", "missing"
COVERAGE_LABELS = {
    PUBLISHED: _("published"),
    SUBMITTED: _("submitted, not yet published"),
    LATE: _("late against the release calendar"),
    PLANNED: _("planned"),
    MISSING: _("missing"),
}


def countries_compared() -> QuerySet[Country]:
    """The countries the hub compares: every active country, by name."""
    return Country.objects.exclude(schema_name="public").filter(status=Country.Status.ACTIVE).order_by("name")


@dataclass(frozen=True)
class CoverageCell:
    state: str
    waiting: int = 0
    planned_on: date | None = None

    @property
    def label(self) -> str:
        return str(COVERAGE_LABELS[self.state])


def coverage(
    *, indicators: list[HarmonisedIndicator], countries: list[Country], period: str, today: date
) -> dict[tuple[int, int], CoverageCell]:
    """The state of each (indicator, country) for the period: published (the hub has its values),
    submitted (values wait in the country), late (its planned release is past), planned, or missing."""
    published = set(
        Fact.objects.filter(period=period, indicator__in=indicators, country__in=countries)
        .values_list("indicator_id", "country_id")
        .order_by()
        .distinct()
    )
    statuses = {
        (status.indicator_id, status.country_id): status
        for status in PeriodStatus.objects.filter(
            period=period, indicator__in=indicators, country__in=countries
        )
    }
    cells = {}
    for indicator in indicators:
        for country in countries:
            key = (indicator.pk, country.pk)
            status = statuses.get(key)
            waiting, planned_on = (status.waiting, status.planned_on) if status else (0, None)
            if key in published:
                state = PUBLISHED
            elif waiting:
                state = SUBMITTED
            elif planned_on and planned_on < today:
                state = LATE
            elif planned_on:
                state = PLANNED
            else:
                state = MISSING
            cells[key] = CoverageCell(state, waiting, planned_on)
    return cells


def collection_problems() -> QuerySet[CollectionProblem]:
    return CollectionProblem.objects.select_related("country").order_by("country__name", "indicator_code")


@dataclass
class Comparison:
    """An indicator's values for one breakdown across countries and periods, with the regional
    aggregate of each period."""

    indicator: HarmonisedIndicator
    key: str
    periods: list[str]
    countries: list[Country]
    values: dict[tuple[int, str], Fact] = field(default_factory=dict)  # (country, period) -> fact
    aggregates: dict[str, "Aggregate"] = field(default_factory=dict)

    def row(self, country: Country) -> list[Fact | None]:
        return [self.values.get((country.pk, period)) for period in self.periods]


@dataclass(frozen=True)
class Aggregate:
    value: Decimal | None
    included: list[str]  # the countries whose values it is computed from
    complete: bool


def breakdowns_of(indicator: HarmonisedIndicator) -> list[str]:
    """The breakdown keys the hub holds values for, the total first."""
    keys = set(Fact.objects.filter(indicator=indicator).values_list("key", flat=True).order_by().distinct())
    return sorted(keys, key=lambda key: (key != "", key))


def comparison(
    *,
    indicator: HarmonisedIndicator,
    key: str,
    countries: list[Country],
    first: str | None = None,
    last: str | None = None,
) -> Comparison:
    facts = Fact.objects.filter(indicator=indicator, key=key, country__in=countries)
    if first:
        facts = facts.filter(period__gte=first)
    if last:
        # "2024" also takes 2024-Q4 and 2024-12: the bound is the period's text, compared as text.
        facts = facts.filter(period__lte=f"{last}~")
    facts = list(facts.order_by("period"))
    periods = sorted({fact.period for fact in facts})
    result = Comparison(indicator, key, periods, countries, {(f.country_id, f.period): f for f in facts})
    for period in periods:
        result.aggregates[period] = regional_aggregate(
            indicator, [result.values.get((c.pk, period)) for c in countries], countries
        )
    return result


def regional_aggregate(
    indicator: HarmonisedIndicator, facts: list[Fact | None], countries: list[Country]
) -> Aggregate:
    """Counts summed; rates recomputed from the countries' numerators and denominators (never an average
    of rates); amounts of money not at all (currencies differ). Complete when every country has a
    value that enters it; otherwise computed from those that have one, and flagged with them."""
    if indicator.unit == "CURRENCY":
        return Aggregate(None, [], False)
    rate = indicator.unit in RATE_SCALE
    entering = [
        (country, fact)
        for country, fact in zip(countries, facts, strict=True)
        if fact is not None
        and fact.value is not None
        and (not rate or (fact.numerator is not None and fact.denominator))
    ]
    if not entering:
        return Aggregate(None, [], False)
    included = [country.iso3 for country, _fact in entering]
    complete = len(entering) == len(countries)
    if rate:
        numerator = sum(fact.numerator for _c, fact in entering)
        denominator = sum(fact.denominator for _c, fact in entering)
        value = numerator / denominator * RATE_SCALE[indicator.unit]
    else:
        value = sum(fact.value for _c, fact in entering)
    return Aggregate(value.quantize(Decimal("0.01")), included, complete)


def coverage_periods() -> list[str]:
    """The periods the hub has facts or statuses for, newest first (annual ones)."""
    periods = set(Fact.objects.values_list("period", flat=True).order_by().distinct()) | set(
        PeriodStatus.objects.values_list("period", flat=True).order_by().distinct()
    )
    return sorted(periods, reverse=True)


def comparison_table(compared: Comparison) -> list[list]:
    """The comparison as rows to download: a header, each country's values (hidden ones marked, never
    zero), then the region's aggregate of each period (`partial:` with the countries it covers)."""
    table = [["indicator", "breakdown", "ref_area", "period", "value", "status", "flag"]]
    code = compared.indicator.code
    for country in compared.countries:
        for period, fact in zip(compared.periods, compared.row(country), strict=True):
            if fact is not None:
                status = "suppressed" if fact.suppressed else "revised" if fact.revised else ""
                table.append([code, compared.key, country.iso3, period, fact.value, status, fact.flag])
    for period in compared.periods:
        aggregate = compared.aggregates[period]
        if aggregate.value is not None:
            status = "" if aggregate.complete else "partial:" + "+".join(aggregate.included)
            table.append([code, compared.key, "REGION", period, aggregate.value, status, ""])
    return table


# The breakdowns that read as an indicator's overall value: its total, or for the survey rates the
# 15+ of both sexes (as the countries' public sites show it).
HEADLINE_KEYS = ("", "AGE=AGE_YTHADULT_YGE15")


@dataclass(frozen=True)
class Headline:
    """An indicator's overall value across the region in its latest period."""

    indicator: HarmonisedIndicator
    key: str
    period: str
    facts: list[Fact]  # of the countries with a value shown, lowest first
    countries: int  # that published for the period, shown or hidden
    aggregate: Aggregate


def regional_headlines(countries: list[Country]) -> list[Headline]:
    """For every indicator the hub has values of: its overall value in its headline period (the latest
    that at least half of its countries published), country by country, with the regional aggregate
    where it can be computed (one query)."""
    facts = list(
        Fact.objects.filter(key__in=HEADLINE_KEYS, country__in=countries)
        .select_related("indicator", "country")
        .order_by("indicator__code", "key")
    )
    headlines = []
    for group in _overall(facts).values():
        latest = _headline_period(group)
        shown = [fact for fact in group if fact.period == latest]
        indicator = shown[0].indicator
        by_country = {fact.country_id: fact for fact in shown}
        aggregate = regional_aggregate(indicator, [by_country.get(c.pk) for c in countries], countries)
        values = sorted((f for f in shown if f.value is not None), key=lambda fact: fact.value)
        headlines.append(Headline(indicator, shown[0].key, latest, values, len(shown), aggregate))
    return headlines


def _headline_period(facts: list[Fact]) -> str:
    """The latest period in which at least half of the countries that publish the indicator did:
    countries publish in different years, and a region of one country is no regional figure."""
    countries = {fact.country_id for fact in facts}
    by_period: dict[str, set[int]] = {}
    for fact in facts:
        by_period.setdefault(fact.period, set()).add(fact.country_id)
    enough = [period for period, seen in by_period.items() if 2 * len(seen) >= len(countries)]
    return max(enough or by_period)


def _overall(facts: list[Fact]) -> dict[int, list[Fact]]:
    """The facts of each indicator's overall value: of its first headline key (facts come ordered by
    key, the total before the 15+), the others left out."""
    keys: dict[int, str] = {}
    overall: dict[int, list[Fact]] = {}
    for fact in facts:
        if keys.setdefault(fact.indicator_id, fact.key) == fact.key:
            overall.setdefault(fact.indicator_id, []).append(fact)
    return overall


def country_profile(country: Country) -> list[tuple[HarmonisedIndicator, list[Fact]]]:
    """Each indicator the hub has of the country, with the series of its overall value (oldest first)."""
    facts = (
        Fact.objects.filter(country=country, key__in=HEADLINE_KEYS)
        .select_related("indicator")
        .order_by("indicator__topic", "indicator__code", "key", "period")
    )
    return [(values[0].indicator, values) for values in _overall(list(facts)).values()]


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
