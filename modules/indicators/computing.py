"""Indicators computed from the case modules' records (ARCHITECTURE §5, step 1).

A module declares its computations in its manifest (`indicators=`, dotted paths of Computation
objects). A Computation is one aggregate query over the module's records of a period, grouped by the
indicator's dimensions (the reports' Dimension expressions, read as the harmonised ILOSTAT codes);
the totals over each dimension are added from those groups, never from the records one by one.
Computing is idempotent: the period's computed values are replaced by the new ones, and an unchanged
value is not written again (its history says nothing new).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import combinations

from django.db import transaction
from django.db.models import Aggregate, Case, CharField, Count, F, Func, QuerySet, Sum, Value, When
from django.db.models.functions import Upper
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.module_loading import import_string
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from clmis.audit.context import acting, current_actor
from modules.indicators.models import Indicator, Observation, breakdown_key
from modules.registry import installed_modules
from modules.reports import dimensions
from modules.reports.periods import Period
from modules.reports.tables import Dimension


@dataclass(frozen=True)
class Breakdown:
    """A dimension of a computed indicator: what the records are grouped by, and the harmonised code
    of each group's value; a value not recorded reads as `unknown` (ILOSTAT's code for it, such as
    ECO_ISIC4_X; the concept's _X where ILOSTAT has none)."""

    concept: str
    dimension: Dimension
    code: Callable[[object], str]
    unknown: str = ""

    def code_of(self, value: object) -> str:
        if value in (None, ""):
            return self.unknown or f"{self.concept}_X"
        return self.code(value)


def sex(field: str) -> Breakdown:
    return Breakdown("SEX", dimensions.sex(field), lambda value: f"SEX_{value}", unknown="SEX_O")


def isic_section(path: str = "isic__path") -> Breakdown:
    return Breakdown(
        "ECO", dimensions.isic_section(path), lambda value: f"ECO_ISIC4_{value}", unknown="ECO_ISIC4_X"
    )


def isco_major_group(path: str = "occupation__path") -> Breakdown:
    return Breakdown(
        "OCU", dimensions.isco_major_group(path), lambda value: f"OCU_ISCO08_{value}", unknown="OCU_ISCO08_X"
    )


def age_band(birth_date: str, on: str) -> Breakdown:
    """By ILOSTAT 10-year age band of the person's age on the record's date ("AGE_10YRBANDS_Y15-24")."""
    return Breakdown("AGE", dimensions.age_band(birth_date, on), lambda value: f"AGE_10YRBANDS_{value}")


def country(concept: str, relation: str, *, alpha3: bool = False) -> Breakdown:
    """By a country (citizenship CCT, country of destination CDS...), as its ISO 3166 alpha-2 code, or
    its alpha-3 code (the table's harmonised code, ILOSTAT's) where the catalogue asks for that."""
    field = "harmonised_code" if alpha3 else "code"
    dimension = Dimension(concept.lower(), concept, F(f"{relation}__{field}"))
    return Breakdown(concept, dimension, str)


def migrant_status(nationality: str) -> Breakdown:
    """Migrant or not, by the person's nationality against the country's own (ILOSTAT's MIG_STATUS_*):
    an administrative proxy of the survey concept, as the catalogue notes."""
    # The country's own code is its schema's name (kn -> KN), read by the query, not at import.
    own = Upper(Func(function="current_schema", output_field=CharField()))
    expression = Case(
        When(**{f"{nationality}__isnull": True}, then=Value(None)),
        When(Exact(F(f"{nationality}__code"), own), then=Value("NONMIG")),
        default=Value("MIGRANT"),
        output_field=CharField(),
    )
    return Breakdown(
        "MIG",
        Dimension("migrant", "MIG", expression),
        lambda value: f"MIG_STATUS_{value}",
        unknown="MIG_STATUS_X",
    )


def national_code(concept: str, dimension: Dimension) -> Breakdown:
    """A breakdown by a national code table (a complaint's category): the codes as they are."""
    return Breakdown(concept, dimension, str)


@dataclass(frozen=True)
class Columns:
    """A dimension the records hold as columns, not as a field (a group of workers affected gives its
    women and men as two numbers): `measures` pairs each group's harmonised code with the aggregate of
    its column, the measure of that group; the total over the dimension adds the columns."""

    concept: str
    measures: tuple[tuple[str, Aggregate], ...]


def sex_columns(women: str, men: str) -> Columns:
    """By sex, from the numbers of women and of men each record holds."""
    return Columns("SEX", (("SEX_F", Sum(women)), ("SEX_M", Sum(men))))


@dataclass(frozen=True)
class Figure:
    """A computed value and, for a rate, what it is computed from (kept so rates re-aggregate)."""

    breakdown: dict[str, str]
    value: Decimal
    numerator: Decimal | None = None
    denominator: Decimal | None = None


@dataclass(frozen=True)
class Computation:
    """How an indicator is computed: the records, the date placing a record in a period, what is
    measured (their number unless said), and the breakdowns (the indicator's dimensions).

    A rate gives a `denominator` too: the value is measure / denominator times `per`, for the groups and
    for the totals alike (totals add numerators and denominators, never rates). A stock (workplaces on
    the register, job seekers registered) gives `as_of`, which selects the records standing at the
    period's end, instead of those dated within the period.

    A dimension held as columns (women and men of each record) gives `columns` instead of a measure:
    its groups are the columns' aggregates (not with a denominator, which each column would count again
    in the totals)."""

    indicator: str
    records: Callable[[], QuerySet]
    date_field: str = ""
    # What is measured: the records' number unless an aggregate is given (Sum("days_not_worked")).
    measure: Aggregate | None = None
    breakdowns: tuple[Breakdown, ...] = ()
    denominator: Aggregate | None = None
    per: int = 100
    as_of: Callable[[QuerySet, date], QuerySet] | None = None
    columns: Columns | None = None

    def __post_init__(self) -> None:
        if self.columns is not None and (self.measure is not None or self.denominator is not None):
            raise ValueError(f"{self.indicator}: the columns are the measure, without a denominator.")

    def values(self, period: Period) -> dict[str, Figure]:
        """key -> Figure for the period: every group and every total over a dimension."""
        records = self.records()
        if self.as_of is not None:
            records = self.as_of(records, period.end)
        else:
            records = records.filter(**{f"{self.date_field}__range": period.bounds})
        groups = {breakdown.concept: breakdown.dimension.expression for breakdown in self.breakdowns}
        if self.columns is None:
            measures = {"measured": self.measure or Count("pk")}
        else:
            measures = {
                f"column{number}": aggregate
                for number, (_code, aggregate) in enumerate(self.columns.measures)
            }
        if self.denominator is not None:
            measures["base"] = self.denominator
        if groups:
            rows = records.values(**groups).annotate(**measures).order_by()
        else:
            rows = [records.aggregate(**measures)]
        concepts = [breakdown.concept for breakdown in self.breakdowns]
        if self.columns is not None:
            concepts.append(self.columns.concept)
        sums: dict[str, tuple[dict[str, str], Decimal, Decimal]] = {}
        for codes, measured, base in self._groups(rows):
            # The group itself and every total it belongs to: each subset of its dimensions.
            for size in range(len(concepts) + 1):
                for kept in combinations(concepts, size):
                    breakdown = {concept: codes[concept] for concept in kept}
                    key = breakdown_key(breakdown)
                    _known, total, total_base = sums.get(key, (breakdown, Decimal(0), Decimal(0)))
                    sums[key] = (breakdown, total + measured, total_base + base)
        if not sums:
            sums[""] = ({}, Decimal(0), Decimal(0))  # nothing recorded in the period is a total of zero
        if self.denominator is None:
            return {key: Figure(breakdown, total) for key, (breakdown, total, _base) in sums.items()}
        # A rate over nothing (no denominator) has no value, rather than a false zero.
        return {
            key: Figure(breakdown, total / base * self.per, total, base)
            for key, (breakdown, total, base) in sums.items()
            if base
        }

    def _groups(self, rows: Iterable[dict]) -> Iterable[tuple[dict[str, str], Decimal, Decimal]]:
        """Each row's codes, measure and denominator; a row measured by columns is one group a column."""
        coders = {breakdown.concept: breakdown.code_of for breakdown in self.breakdowns}
        for row in rows:
            codes = {concept: code_of(row[concept]) for concept, code_of in coders.items()}
            if self.columns is None:
                yield codes, Decimal(row["measured"] or 0), Decimal(row.get("base") or 0)
                continue
            for number, (code, _aggregate) in enumerate(self.columns.measures):
                yield {**codes, self.columns.concept: code}, Decimal(row[f"column{number}"] or 0), Decimal(0)


def computations(modules: Iterable[str]) -> list[Computation]:
    """The computations of the modules given (by key)."""
    wanted = set(modules)
    return [
        import_string(path)
        for config in installed_modules()
        if config.manifest.key in wanted
        for path in config.manifest.indicators
    ]


@dataclass(frozen=True)
class Computed:
    indicator: str
    written: int
    removed: int
    unchanged: int


def period_frequency(period: Period) -> str:
    return "Q" if "-Q" in period.text else "M" if "-" in period.text else "A"


def indicators_compute(
    period: Period,
    *,
    modules: Iterable[str],
    codes: Iterable[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Computed]:
    """Compute the period's values of the indicators computed from the modules given (those in the
    package with that periodicity; only `codes` if given), each in its own transaction."""
    wanted = set(codes) if codes is not None else None
    frequency = period_frequency(period)
    indicators = {
        indicator.code: indicator
        for indicator in Indicator.objects.filter(active=True, frequencies__contains=[frequency])
    }
    chosen = [
        computation
        for computation in computations(modules)
        if computation.indicator in indicators and (wanted is None or computation.indicator in wanted)
    ]
    done = []
    for number, computation in enumerate(chosen, start=1):
        done.append(_store(indicators[computation.indicator], period, computation.values(period)))
        if progress is not None:
            progress(number, len(chosen))
    return done


# What writing a value again changes of it (submit_anew, computed_at); the rest stays as it was.
REWRITTEN = (
    "value",
    "numerator",
    "denominator",
    "state",
    "submitted_by",
    "decided_by",
    "decided_at",
    "publish_at",
    "rejection_reason",
    "previous_value",
    "version",
    "computed_at",
)


@transaction.atomic
def _store(indicator: Indicator, period: Period, values: dict[str, Figure]) -> Computed:
    """Replace the period's computed values of the indicator by these (in the indicator's unit
    multiplier: thousands for 3)."""
    scale = Decimal(10) ** indicator.multiplier
    existing = {
        observation.key: observation
        for observation in Observation.objects.filter(
            indicator=indicator, period=period.text, origin=Observation.Origin.COMPUTED
        )
    }
    created: list[Observation] = []
    changed: list[Observation] = []
    unchanged = 0
    now = timezone.now()
    with acting("system"):
        for key, computed in values.items():
            value = (computed.value / scale).quantize(Decimal("0.0001"))
            observation = existing.pop(key, None)
            # As the observation keeps them (four decimals): a sum of ratios read back must compare equal.
            parts = tuple(
                None if part is None else part.quantize(Decimal("0.0001"))
                for part in (computed.numerator, computed.denominator)
            )
            if observation is not None and (
                observation.value,
                observation.numerator,
                observation.denominator,
            ) == (
                value,
                *parts,
            ):
                unchanged += 1
                continue
            if observation is None:
                observation = Observation(
                    indicator=indicator,
                    period=period.text,
                    key=key,
                    dimensions=computed.breakdown,
                    origin=Observation.Origin.COMPUTED,
                )
                created.append(observation)
            else:
                changed.append(observation)
            observation.computed_at = now
            # A new or changed value waits for approval again; a published one is a revision.
            observation.submit_anew(
                value=value, numerator=parts[0], denominator=parts[1], submitted_by="system", now=now
            )
        # All at once, with their history: saved one by one, a breakdown of hundreds of values took two
        # round trips each (the value, its history row), several times the aggregate itself. Bulk
        # writes send no signal, so the history's actor is given here.
        history = {"default_date": now, "custom_historical_attrs": {"actor": current_actor()}}
        if created:
            bulk_create_with_history(created, Observation, **history)
        if changed:
            bulk_update_with_history(changed, Observation, REWRITTEN, **history)
        stale = list(existing.values())
        for observation in stale:
            observation.delete()
    return Computed(indicator.code, len(created) + len(changed), len(stale), unchanged)
