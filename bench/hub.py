"""Benchmarks 12 and 13: the regional hub's collection from 22 countries, and its comparison page and
open data under load.

12. Collection (regional_hub/facts/collection.py), country after country as the nightly task runs it
    (`with tenant_context(country): facts_collect(...)`), from the 22 countries of bench/hub_data.py:
    a full collection (`full=True`: every public table of the country and every table the hub holds
    for it) against an incremental one when nothing changed (the tables published or approved since
    the last run, less the ten-minute overlap: none), and an incremental one after one country
    published one new value (its table alone is read). Before timing: a full pass, then a second one
    that must write nothing (idempotence); the hub must hold exactly the countries' public values of
    the catalogue's indicators, country by country; an incremental pass must read no table and write
    nothing. Every timed full and nothing-changed run must write nothing too, and the one after a new
    value exactly that value. The new value is removed after each such run (the observation, its
    history and the fact collected), so the rounds repeat and the data stays as it was.

13. The hub's public pages and open data under load: requests from THREADS threads at once (each its
    own database connection, kept between batches, as a threaded server's), through Django's WSGI
    handler with the project's full middleware at the hub's host: the public explorer (the comparison
    of all 22 countries) from cache and computed on every request, the open data values API, and an
    SDMX data query computed on every request and from cache; each against a static file of the same
    bytes served by the same handler (bench/hub_urls.py). Uncached is the view without its cache_page
    (bench/hub_urls.py's second URLconf): the cost of the page's first request after its cache
    expired, less the cache's own get and set. The SQL of an uncached request is counted with all 22
    countries and with one, to see whether it grows with the countries.
"""

import gc
import queue
import re
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections, reset_queries
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context
from simple_history.utils import bulk_create_with_history

from bench import wsgi
from bench.hub_data import HUB_CODES, HubCountry, HubData, hub_countries
from bench.hub_urls import UNCACHED
from bench.indicators import STATIC_DIR
from bench.timing import Series, fastest_ratio, paired_ratio
from modules.indicators.models import Indicator, Observation
from regional_hub.catalogue.models import HarmonisedIndicator
from regional_hub.facts.collection import Collected, facts_collect
from regional_hub.facts.models import Fact
from tenants.models import Country

# The goal: collecting when nothing changed takes at most this share of a full collection.
COLLECTION_GOAL = 0.05
CACHED_URLCONF = "bench.hub_urls"
THREADS = 4
# The new value one country publishes (bench/hub_data.py's synthetic sets end in 2025): the first
# count of the next year, a table of its own.
CHANGED_COUNTRY = HUB_CODES[0]
CHANGED_INDICATOR = "LMS_VACR_OCU_NB"
CHANGED_PERIOD = "2026"
CHANGED_SOURCE = "bench: one new value"

EXPLORER = "/data/explore/"
EXPLORER_QUERY = "indicator=UNE_DEAP_SEX_AGE_RT&breakdown=AGE%3DAGE_YTHADULT_YGE15"
VALUES = "/api/v1/open/values/"
VALUES_QUERY = "indicator=UNE_DEAP_SEX_AGE_RT&SEX=_T&AGE=AGE_YTHADULT_YGE15"
SDMX_FLOW = "/sdmx/data/DF_UNE_DEAP_SEX_AGE_RT/"
SDMX_KEY = "A..SEX_T.AGE_YTHADULT_YGE15"  # after REF_AREA: every country's unemployment rate, 15+
# What a computed SDMX message has of its own: an id and the moment it was prepared.
SDMX_HEADER = re.compile(rb"<(mes:ID|mes:Prepared)>[^<]*</\1>")
# A server-side cursor's statement (QuerySet.iterator()), before the SELECT it declares.
DECLARED = re.compile(r"^DECLARE .*? CURSOR .*?FOR (?=SELECT)", re.DOTALL)


@dataclass(frozen=True)
class CountryTiming:
    code: str
    full: Series
    incremental: Series


@dataclass(frozen=True)
class CollectionResult:
    data: HubData
    facts: int  # the hub's facts of the 22 countries
    first_written: int  # what the first full pass wrote (a country's values new since the last run)
    full: Series  # seconds to collect from all 22, full
    incremental: Series  # ... incremental, nothing changed
    changed: Series  # ... incremental, after one country published one new value
    per_country: tuple[CountryTiming, ...]
    incremental_statements: tuple[int, int]  # fewest and most SQL statements of one country's run
    incremental_sql: tuple[str, ...]  # of the first country's
    full_statements: int  # of all 22 countries' full runs
    changed_statements: int  # of the changed country's incremental run with its new value
    changed_value: str

    @property
    def ratio(self) -> float:
        return paired_ratio(self.incremental, self.full)

    @property
    def fastest_ratio(self) -> float:
        return fastest_ratio(self.incremental, self.full)

    @property
    def changed_ratio(self) -> float:
        """One new value against nothing changed."""
        return paired_ratio(self.changed, self.incremental)

    @property
    def changed_full_ratio(self) -> float:
        return paired_ratio(self.changed, self.full)

    def full_cost(self) -> tuple[float, float]:
        """Seconds per country and per table read of a country's full collection (least squares over
        the 22 countries' medians): what a full collection from more countries adds up to."""
        tables = {country.code: country.tables for country in self.data.countries}
        points = [(tables[timing.code], timing.full.median) for timing in self.per_country]
        mean_x = sum(x for x, _y in points) / len(points)
        mean_y = sum(y for _x, y in points) / len(points)
        spread = sum((x - mean_x) ** 2 for x, _y in points)
        slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / spread if spread else 0.0
        return mean_y - slope * mean_x, slope


@dataclass(frozen=True)
class Target:
    """A request measured under load, against a static file of its bytes."""

    label: str
    path: str
    query: str
    cached: bool
    size: int
    time: Series  # seconds per request: a batch's wall time over its requests
    static: Series
    statements: tuple[str, ...]  # of one request
    rows: int  # that its statements return
    statements_one_country: int  # of the same request for one country's values
    rows_one_country: int
    one_country: str  # that request's address

    @property
    def ratio(self) -> float:
        return paired_ratio(self.time, self.static)

    @property
    def fastest_ratio(self) -> float:
        return fastest_ratio(self.time, self.static)

    @property
    def address(self) -> str:
        return f"{self.path}?{self.query}" if self.query else self.path


@dataclass(frozen=True)
class LoadResult:
    countries: int
    threads: int
    requests: int  # per batch
    targets: tuple[Target, ...]


def collection_run(*, data: HubData, rounds: int) -> CollectionResult:
    """Check collection does what it claims, then time full, nothing changed and one new value, in
    `rounds` rounds taking turns going first."""
    countries = hub_countries()
    first = collect_all(countries, full=True)
    second = collect_all(countries, full=True)
    written_none(second.collected, "a second full collection (not idempotent)")
    facts = facts_match(countries, data.countries)
    nothing = collect_all(countries, full=False)
    written_none(nothing.collected, "an incremental collection with nothing changed", tables=True)
    statements = [_statements(country, full=False) for country in countries]
    full_statements = sum(len(_statements(country, full=True)) for country in countries)
    changed_statements, changed_value = _changed_statements(countries)
    sides = {"full": [], "incremental": [], "changed": []}
    per_country = {country.schema_name: {"full": [], "incremental": []} for country in countries}
    for round_no in range(rounds):
        order = list(sides)
        order = order[round_no % 3 :] + order[: round_no % 3]
        for side in order:
            if side == "changed":
                sides[side].append(_changed_run(countries).seconds)
                continue
            run = collect_all(countries, full=side == "full")
            written_none(run.collected, f"a timed {side} collection", tables=side == "incremental")
            sides[side].append(run.seconds)
            for code, seconds in run.per_country.items():
                per_country[code][side].append(seconds)
    return CollectionResult(
        data=data,
        facts=facts,
        first_written=sum(c.written for c in first.collected),
        full=Series(tuple(sides["full"])),
        incremental=Series(tuple(sides["incremental"])),
        changed=Series(tuple(sides["changed"])),
        per_country=tuple(
            CountryTiming(code, Series(tuple(t["full"])), Series(tuple(t["incremental"])))
            for code, t in per_country.items()
        ),
        incremental_statements=(min(map(len, statements)), max(map(len, statements))),
        incremental_sql=statements[0],
        full_statements=full_statements,
        changed_statements=changed_statements,
        changed_value=changed_value,
    )


@dataclass(frozen=True)
class _Collection:
    seconds: float
    per_country: dict[str, float]
    collected: list[Collected]


def collect_all(countries: list[Country], *, full: bool) -> _Collection:
    """Collection from every country in turn, as the nightly task runs it; time in all and per country."""
    gc.collect()
    per_country, collected = {}, []
    start = time.perf_counter()
    for country in countries:
        began = time.perf_counter()
        with tenant_context(country):
            collected.append(facts_collect(full=full))
        per_country[country.schema_name] = time.perf_counter() - began
    return _Collection(time.perf_counter() - start, per_country, collected)


def written_none(collected: list[Collected], what: str, *, tables: bool = False) -> None:
    wrote = {c.country: c.written for c in collected if c.written}
    read = {c.country: c.tables for c in collected if c.tables} if tables else {}
    if wrote or read:
        raise RuntimeError(f"{what} wrote facts {wrote} or read tables {read}: nothing should have changed")


def facts_match(countries: list[Country], described: Iterable[HubCountry]) -> int:
    """The hub holds every public value of the catalogue's indicators of each country, and no other."""
    published = {country.code: country.published for country in described}
    with schema_context(get_public_schema_name()):
        held = {country.schema_name: Fact.objects.filter(country=country).count() for country in countries}
    differing = {code: (held[code], published[code]) for code in held if held[code] != published[code]}
    if differing:
        raise RuntimeError(f"hub facts against published values, by country: {differing}")
    return sum(held.values())


def _statements(country: Country, *, full: bool) -> tuple[str, ...]:
    """The SQL of one collection from the country."""
    reset_queries()
    with tenant_context(country), CaptureQueriesContext(connection) as captured:
        facts_collect(full=full)
    return tuple(query["sql"] for query in captured.captured_queries)


def _changed_statements(countries: list[Country]) -> tuple[int, str]:
    """SQL statements of the changed country's incremental run with its new value, and the value."""
    country = next(c for c in countries if c.schema_name == CHANGED_COUNTRY)
    with _one_new_value(country) as described:
        count = len(_statements(country, full=False))
    return count, described


def _changed_run(countries: list[Country]) -> _Collection:
    """One country publishes one new value; the incremental collection from all 22 must write it alone."""
    country = next(c for c in countries if c.schema_name == CHANGED_COUNTRY)
    with _one_new_value(country):
        run = collect_all(countries, full=False)
    wrote = {c.country: (c.tables, c.written) for c in run.collected if c.tables or c.written}
    if wrote != {CHANGED_COUNTRY: (1, 1)}:
        raise RuntimeError(f"one new value in {CHANGED_COUNTRY}: (tables read, facts written) {wrote}")
    return run


@contextmanager
def _one_new_value(country: Country) -> Iterator[str]:
    """A value published now in the country (a count of the next year), gone again afterwards with
    its history and the fact collected from it."""
    with tenant_context(country):
        indicator = Indicator.objects.get(code=CHANGED_INDICATOR)
        latest = (
            Observation.objects.filter(indicator=indicator, key="")
            .order_by("-period")
            .values("value")
            .first()
        )
        now = timezone.now()
        value = Observation(
            indicator=indicator,
            period=CHANGED_PERIOD,
            key="",
            dimensions={},
            value=(latest["value"] if latest else Decimal(100)) + 7,
            origin=Observation.Origin.SUBMITTED,
            state=Observation.State.APPROVED,
            submitted_by=CHANGED_SOURCE,
            decided_by="system",
            decided_at=now,
            publish_at=now,
        )
        bulk_create_with_history([value], Observation, default_date=now)
    try:
        yield f"{CHANGED_INDICATOR} {CHANGED_PERIOD} total in {country.code}"
    finally:
        with tenant_context(country):
            Observation.objects.filter(submitted_by=CHANGED_SOURCE).delete()
            Observation.history.filter(submitted_by=CHANGED_SOURCE).delete()
        with schema_context(get_public_schema_name()):
            Fact.objects.filter(
                country=country,
                indicator=HarmonisedIndicator.objects.get(code=CHANGED_INDICATOR),
                period=CHANGED_PERIOD,
            ).delete()


# --- 13. Under load ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Request:
    label: str
    path: str
    query: str
    cached: bool
    one_country: str  # the query (or path, for SDMX) of the same request for one country
    accept: str

    @property
    def urlconf(self) -> str:
        return CACHED_URLCONF if self.cached else UNCACHED


REQUESTS = (
    _Request(
        "Public explorer, from cache",
        EXPLORER,
        EXPLORER_QUERY,
        True,
        f"{EXPLORER_QUERY}&countries=KNA",
        "text/html",
    ),
    _Request(
        "Public explorer, computed (no cache)",
        EXPLORER,
        EXPLORER_QUERY,
        False,
        f"{EXPLORER_QUERY}&countries=KNA",
        "text/html",
    ),
    _Request(
        "Open data values API (JSON, first page of 50)",
        VALUES,
        VALUES_QUERY,
        False,
        f"{VALUES_QUERY}&country=KNA",
        "application/json",
    ),
    _Request(
        "SDMX data query, computed (no cache)",
        f"{SDMX_FLOW}.{SDMX_KEY}",
        "",
        False,
        f"{SDMX_FLOW}KNA.{SDMX_KEY}",
        "application/xml",
    ),
    _Request(
        "SDMX data query, from cache",
        f"{SDMX_FLOW}.{SDMX_KEY}",
        "",
        True,
        f"{SDMX_FLOW}KNA.{SDMX_KEY}",
        "application/xml",
    ),
)


@dataclass(frozen=True)
class _Prepared:
    request: _Request
    body: bytes
    static: str  # its static copy's path
    sql: "_Sql"
    sql_one_country: "_Sql"


@dataclass(frozen=True)
class _Sql:
    statements: tuple[str, ...]
    rows: int


def load_run(*, rounds: int, requests: int) -> LoadResult:
    """Each request and its static file, `requests` at a time from THREADS threads, in `rounds`
    rounds taking turns going first."""
    host = settings.BASE_DOMAIN
    handler = WSGIHandler()
    STATIC_DIR.mkdir(exist_ok=True)
    cache.clear()
    prepared = [_prepare(handler, host, number, request) for number, request in enumerate(REQUESTS)]
    _same_page(prepared)
    times: dict[str, tuple[list[float], list[float]]] = {p.request.label: ([], []) for p in prepared}
    per_thread = max(1, requests // THREADS)
    with _Workers(handler, host, THREADS) as workers:
        workers.warm(
            [(p.request.path, p.request.query, p.request.accept, p.request.urlconf) for p in prepared]
        )
        for round_no in range(rounds):
            shift = round_no % len(prepared)
            for one in prepared[shift:] + prepared[:shift]:
                request = one.request
                pair = (
                    (request.path, request.query, request.urlconf, 0),
                    (one.static, "", CACHED_URLCONF, 1),
                )
                for path, query, urlconf, side in pair if round_no % 2 == 0 else reversed(pair):
                    with override_settings(PUBLIC_SCHEMA_URLCONF=urlconf):
                        seconds = workers.batch(path, query, request.accept, per_thread)
                    times[request.label][side].append(seconds)
    targets = tuple(
        Target(
            label=p.request.label,
            path=p.request.path,
            query=p.request.query,
            cached=p.request.cached,
            size=len(p.body),
            time=Series(tuple(times[p.request.label][0])),
            static=Series(tuple(times[p.request.label][1])),
            statements=p.sql.statements,
            rows=p.sql.rows,
            statements_one_country=len(p.sql_one_country.statements),
            rows_one_country=p.sql_one_country.rows,
            one_country="?".join(part for part in _one_country(p.request) if part),
        )
        for p in prepared
    )
    return LoadResult(len(hub_countries()), THREADS, per_thread * THREADS, targets)


def _prepare(handler: WSGIHandler, host: str, number: int, request: _Request) -> _Prepared:
    """The request's answer (the same twice), its static copy (the same bytes through the handler), the
    SQL of one request and of the same request for one country."""
    with override_settings(PUBLIC_SCHEMA_URLCONF=request.urlconf):
        body = _get(handler, host, request.path, request.query, request.accept)
        again = _get(handler, host, request.path, request.query, request.accept)
        if _comparable(again) != _comparable(body):
            raise RuntimeError(f"{request.label}: two requests answered different bytes")
        static = f"/bench/static/hub-{number}.{'html' if request.accept == 'text/html' else 'txt'}"
        (STATIC_DIR / static.rsplit("/", 1)[1]).write_bytes(body)
        if _get(handler, host, static, "", request.accept) != body:
            raise RuntimeError(f"{request.label}: the static file is not the answer's bytes")
        sql = _request_sql(handler, host, request.path, request.query, request.accept)
        if request.cached and sql.statements:
            raise RuntimeError(f"{request.label}: {len(sql.statements)} SQL statements from cache")
        path, query = _one_country(request)
        one = _request_sql(handler, host, path, query, request.accept)
    return _Prepared(request, body, static, sql, one)


def _one_country(request: _Request) -> tuple[str, str]:
    if request.path.startswith(SDMX_FLOW):
        return request.one_country, request.query
    return request.path, request.one_country


def _same_page(prepared: list[_Prepared]) -> None:
    """From cache and computed, a page must be the same bytes, or the comparison means nothing."""
    bodies: dict[str, set[bytes]] = {}
    for one in prepared:
        bodies.setdefault(f"{one.request.path}?{one.request.query}", set()).add(_comparable(one.body))
    differing = [address for address, found in bodies.items() if len(found) > 1]
    if differing:
        raise RuntimeError(f"from cache and computed answered different bytes: {differing}")


def _comparable(body: bytes) -> bytes:
    """The answer without what differs on every computed SDMX message: its id and when it was prepared
    (of the same size every time)."""
    return SDMX_HEADER.sub(rb"<\1></\1>", body)


def _get(handler: WSGIHandler, host: str, path: str, query: str, accept: str) -> bytes:
    answer = wsgi.get(handler, host=host, path=path, query=query, headers={"HTTP_ACCEPT": accept})
    if answer.status != 200:
        raise RuntimeError(f"GET {path}?{query} answered {answer.status}: {answer.body[:300]!r}")
    return answer.body


def _request_sql(handler: WSGIHandler, host: str, path: str, query: str, accept: str) -> _Sql:
    """The SQL of one steady-state request (the shortest of three), and the rows its statements
    return (each run again, counted)."""
    captures = []
    for _ in range(3):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            _get(handler, host, path, query, accept)
        captures.append(tuple(q["sql"] for q in captured.captured_queries))
    statements = min(captures, key=len)
    return _Sql(statements, _rows(statements))


def _rows(statements: tuple[str, ...]) -> int:
    """The rows the statements return, in the hub's schema: each SELECT counted again (a server-side
    cursor's DECLARE as the SELECT it declares)."""
    rows = 0
    with schema_context(get_public_schema_name()), connection.cursor() as cursor:
        for sql in statements:
            select = DECLARED.sub("", sql)
            if select.lstrip().upper().startswith("SELECT"):
                cursor.execute(f"SELECT count(*) FROM ({select}) AS counted")  # noqa: S608 - Django's own SQL
                rows += cursor.fetchone()[0]
    return rows


class _Workers:
    """Threads that make requests at once, each on its own database connection kept between batches."""

    def __init__(self, handler: WSGIHandler, host: str, count: int) -> None:
        self._handler, self._host = handler, host
        self._jobs: list[queue.Queue] = [queue.Queue() for _ in range(count)]
        self._done: queue.Queue = queue.Queue()
        self._threads = [
            threading.Thread(target=self._work, args=(jobs,), daemon=True) for jobs in self._jobs
        ]

    def __enter__(self) -> "_Workers":
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        for jobs in self._jobs:
            jobs.put(None)
        for thread in self._threads:
            thread.join()

    def warm(self, requests: list[tuple[str, str, str, str]]) -> None:
        """A few requests of each in every thread: its connection, the routes, the cache."""
        for path, query, accept, urlconf in requests:
            with override_settings(PUBLIC_SCHEMA_URLCONF=urlconf):
                self.batch(path, query, accept, 3)

    def batch(self, path: str, query: str, accept: str, per_thread: int) -> float:
        """Seconds per request: the wall time of `per_thread` requests in every thread at once, over
        all of them."""
        gc.collect()
        start = time.perf_counter()
        for jobs in self._jobs:
            jobs.put((path, query, accept, per_thread))
        errors = [self._done.get() for _ in self._jobs]
        elapsed = time.perf_counter() - start
        failed = [error for error in errors if error is not None]
        if failed:
            raise failed[0]
        return elapsed / (per_thread * len(self._jobs))

    def _work(self, jobs: queue.Queue) -> None:
        try:
            while (job := jobs.get()) is not None:
                path, query, accept, count = job
                try:
                    for _ in range(count):
                        _get(self._handler, self._host, path, query, accept)
                except Exception as error:  # handed to the main thread, which raises it
                    self._done.put(error)
                else:
                    self._done.put(None)
        finally:
            connections.close_all()
