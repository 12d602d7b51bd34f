"""Collection: a country's published harmonised values into the hub's fact table (ARCHITECTURE §5
step 5). It runs in the country's schema (the task facts_collect_country) and writes the hub's
tables in public; nothing of the hub ever reads a country's schema during a request.

What is collected is what the country's public site shows (modules.indicators.public.published_rows:
published, after the embargo, after its disclosure control), so the hub holds no value the country
does not publish. Writing is an idempotent upsert by (country, indicator, period, breakdown): a run
that finds nothing new writes nothing; a changed value is replaced and the one it replaces kept as
a FactRevision; a value no longer public is withdrawn (kept as a revision too).

An incremental run reads only the (indicator, period) tables with values approved or made public
since the last run (less an overlap, for approvals committed while the last run was reading), so its
cost follows what changed; a full run (the nightly reconciliation) reads every public table and every
table the hub holds for the country, and repairs whatever an incremental run missed.
"""

import datetime
import logging
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from clmis.public_pages import public_pages_expire
from modules.indicators.models import Indicator, Observation, Release, breakdown_key
from modules.indicators.public import Row, published_rows
from modules.indicators.selectors import observations_public
from regional_hub.catalogue.models import Definition, HarmonisedIndicator
from regional_hub.facts.models import (
    CollectionProblem,
    CountryCollection,
    Fact,
    FactRevision,
    PeriodStatus,
)

logger = logging.getLogger(__name__)
# Approvals committed while the previous run was reading are found by the next one.
OVERLAP = datetime.timedelta(minutes=10)
COMPARED = ("value", "numerator", "denominator", "flag", "suppressed", "revised", "national_revision")


@dataclass(frozen=True)
class Collected:
    country: str
    full: bool
    tables: int  # (indicator, period) tables read
    written: int  # facts created, changed or withdrawn
    refused: int  # tables of indicators not in the catalogue


def facts_collect(*, full: bool = False, now: datetime.datetime | None = None) -> Collected:
    """Bring the hub's facts of the country the connection is in up to its public values."""
    country = connection.tenant
    now = now or timezone.now()
    with transaction.atomic():
        state, _created = CountryCollection.objects.select_for_update().get_or_create(country=country)
        since = None if full or state.collected_until is None else state.collected_until - OVERLAP
        tables = _tables_changed(since, now)
        if since is None:
            tables |= _tables_held(country)
        catalogue = _catalogue()
        indicators = {
            i.pk: i
            for i in Indicator.objects.filter(pk__in={pk for pk, _p in tables}).select_related("agency")
        }
        written, refused = 0, {}
        for indicator_pk, period in sorted(tables):
            indicator = indicators[indicator_pk]
            harmonised = catalogue.get(indicator.code)
            if harmonised is None:
                refused.setdefault(indicator.code, []).append(period)
                continue
            rows = published_rows(indicator, periods={period}, now=now) if indicator.active else []
            written += _period_upsert(country, harmonised, indicator, period, rows, now)
        _problems_record(country, refused, now)
        _statuses_report(country, catalogue, now)
        state.collected_until = now
        state.last_run_at = now
        state.last_written = written
        if since is None:
            state.last_full_at = now
        state.save()
        if written:
            with schema_context(get_public_schema_name()):
                public_pages_expire()
    return Collected(country.code, since is None, len(tables), written, len(refused))


def _tables_changed(since: datetime.datetime | None, now: datetime.datetime) -> set[tuple[int, str]]:
    """The (indicator, period) tables whose public values may have changed since `since` (all public
    ones without it), of the country's harmonised indicators."""
    if since is None:
        observations = observations_public(now)
    else:
        observations = Observation.objects.filter(
            Q(publish_at__gt=since, publish_at__lte=now) | Q(decided_at__gt=since),
            state=Observation.State.APPROVED,
        )
    return set(
        observations.filter(indicator__harmonised=True)
        .values_list("indicator_id", "period")
        .order_by()
        .distinct()
    )


def _tables_held(country) -> set[tuple[int, str]]:
    """The tables the hub holds for the country, as the country's indicators (to withdraw what is no
    longer public)."""
    held = set(
        Fact.objects.filter(country=country).values_list("indicator__code", "period").order_by().distinct()
    )
    by_code = dict(Indicator.objects.filter(code__in={code for code, _p in held}).values_list("code", "pk"))
    return {(by_code[code], period) for code, period in held if code in by_code}


def _catalogue() -> dict[str, tuple[HarmonisedIndicator, list[Definition]]]:
    definitions: dict[int, list[Definition]] = {}
    for definition in Definition.objects.order_by("indicator_id", "number"):
        definitions.setdefault(definition.indicator_id, []).append(definition)
    return {h.code: (h, definitions.get(h.pk, [])) for h in HarmonisedIndicator.objects.all()}


def _period_upsert(country, harmonised, indicator: Indicator, period: str, rows: list[Row], now) -> int:
    """Make the hub's facts of one table what the country publishes; returns how many were written."""
    catalogue_indicator, definitions = harmonised
    version, breaks = _definition_for(definitions, period)
    held = {
        fact.key: fact
        for fact in Fact.objects.filter(country=country, indicator=catalogue_indicator, period=period)
    }
    agency = indicator.agency.name if indicator.agency else ""
    written = 0
    seen = set()
    for row in rows:
        key = breakdown_key(row.breakdown)
        seen.add(key)
        fact = held.get(key)
        if row.revision is None and fact is not None:
            continue  # the country shows an earlier value while a revision waits: the hub keeps it
        wanted = {
            "value": row.value,
            "numerator": row.numerator,
            "denominator": row.denominator,
            "flag": row.flag or ("B" if breaks else ""),
            "suppressed": row.suppressed,
            "revised": row.revised,
            "national_revision": row.revision,
        }
        if fact is not None and all(getattr(fact, name) == wanted[name] for name in COMPARED):
            continue
        if fact is not None:
            _revision_keep(fact, now)
        else:
            fact = Fact(
                country=country,
                indicator=catalogue_indicator,
                period=period,
                key=key,
                dimensions=row.breakdown,
            )
        for name, value in wanted.items():
            setattr(fact, name, value)
        fact.agency, fact.definition_version = agency, version
        fact.published_at, fact.collected_at = row.published_at, now
        fact.save()
        written += 1
    for key, fact in held.items():
        if key not in seen:
            _revision_keep(fact, now, withdrawn=True)
            fact.delete()
            written += 1
    return written


def _definition_for(definitions: list[Definition], period: str) -> tuple[int, bool]:
    """The catalogue's definition version in force in the period's year, and whether the period is the
    first of a version that breaks the series."""
    year = int(period[:4])
    current = None
    for definition in definitions:
        if definition.since_year is None or definition.since_year <= year:
            current = definition
    if current is None:
        return 1, False
    return current.number, bool(current.breaks_series and current.since_year == year)


def _revision_keep(fact: Fact, now, *, withdrawn: bool = False) -> None:
    FactRevision.objects.create(
        country_id=fact.country_id,
        indicator_id=fact.indicator_id,
        period=fact.period,
        key=fact.key,
        value=fact.value,
        numerator=fact.numerator,
        denominator=fact.denominator,
        flag=fact.flag,
        suppressed=fact.suppressed,
        national_revision=fact.national_revision,
        published_at=fact.published_at,
        collected_at=fact.collected_at,
        replaced_at=now,
        withdrawn=withdrawn,
    )


def _statuses_report(country, catalogue: dict, now: datetime.datetime) -> None:
    """Bring the hub's PeriodStatus rows of the country up to its values waiting and planned releases
    (a handful of rows: only the differences are written)."""
    wanted: dict[tuple[str, str], dict] = {}
    waiting = (
        Observation.objects.filter(indicator__harmonised=True)
        .filter(
            Q(state=Observation.State.SUBMITTED) | Q(state=Observation.State.APPROVED, publish_at__gt=now)
        )
        .values("indicator__code", "period")
        .annotate(count=Count("pk"))
    )
    for row in waiting:
        wanted[(row["indicator__code"], row["period"])] = {"waiting": row["count"], "planned_on": None}
    for code, period, planned_on in Release.objects.filter(indicator__harmonised=True).values_list(
        "indicator__code", "period", "planned_on"
    ):
        wanted.setdefault((code, period), {"waiting": 0, "planned_on": None})["planned_on"] = planned_on
    wanted = {key: value for key, value in wanted.items() if key[0] in catalogue}
    held = {
        (status.indicator.code, status.period): status
        for status in PeriodStatus.objects.filter(country=country).select_related("indicator")
    }
    for key, status in held.items():
        if key not in wanted:
            status.delete()
        elif (status.waiting, status.planned_on) != (wanted[key]["waiting"], wanted[key]["planned_on"]):
            status.waiting, status.planned_on = wanted[key]["waiting"], wanted[key]["planned_on"]
            status.save()
    PeriodStatus.objects.bulk_create(
        [
            PeriodStatus(country=country, indicator=catalogue[code][0], period=period, **values)
            for (code, period), values in wanted.items()
            if (code, period) not in held
        ]
    )


def _problems_record(country, refused: dict[str, list[str]], now) -> None:
    for code, periods in refused.items():
        logger.warning("%s publishes %s, not in the regional catalogue: not collected", country.code, code)
        CollectionProblem.objects.update_or_create(
            country=country, indicator_code=code, defaults={"periods": sorted(periods), "noticed_at": now}
        )
