"""Benchmarks of the employers register at 100,000 rows: statements per request, and the cost of the list.

Statements: the API list at 10, 50 and 200 rows a page and the list page at 10, 25 and 200 (page 1 and
page 100, unfiltered and filtered) must run the same statements whatever the page holds; a statement
that repeats per row (N+1) shows as a count that grows with the page.

Cost: the API's list page of 50 and the HTML list page of 25 against a hand-tuned view of the same rows
(bench/views.py employers_values: one `.values()` query and a COUNT, JsonResponse). Every request goes
through Django's WSGI handler with the project's full middleware, in country kn, on one persistent
connection; each pair is timed back to back in interleaved rounds, and the ratio is taken per round.
"""

import json
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext, override_settings

from bench import wsgi
from bench.timing import Series, fastest_ratio, paired_ratio
from bench.urls import SIZED_LIST_PATH, VALUES_PATH
from tenants.models import Country

API_PATH = "/api/v1/employers/"
PAGE_PATH = "/employers/"
# A filter of some 7,000 rows (ISIC section G, 10-49 workers), sorted by name descending.
API_FILTER = "section=G&size_band=10-49&ordering=-name"
PAGE_FILTER = "section=G&size_band=10-49&sort=-name"
TUNED_FILTER = "section=G&size_band=10-49"
# The first cell of each row of the list page links to the record: how its rows are read back.
PAGE_ROW = re.compile(rb'<td><a href="/employers/(\d+)/">')


@dataclass(frozen=True)
class Credentials:
    """How the requests sign in: the API and the hand-tuned view by token, the pages by session cookie."""

    host: str
    token: str
    session: str


@dataclass(frozen=True)
class Probe:
    """One request: a path and query, made with the API token or the session cookie."""

    path: str
    query: str = ""
    session: bool = False

    @property
    def url(self) -> str:
        return f"{self.path}?{self.query}" if self.query else self.path

    @property
    def kind(self) -> str:
        if self.path == VALUES_PATH:
            return "tuned"
        return "api" if self.path.startswith("/api/") else "page"


@dataclass(frozen=True)
class Statements:
    """The SQL of one request, the rows it listed and the time the database took (as Django saw it)."""

    probe: Probe
    rows: int
    sql: tuple[str, ...]
    db_seconds: float


@dataclass(frozen=True)
class StatementGroup:
    """Variants of one list that differ only in how many rows a page holds or which page it is."""

    title: str
    results: tuple[Statements, ...]

    @property
    def independent(self) -> bool:
        return len({len(result.sql) for result in self.results}) == 1

    def repeated(self) -> list[str]:
        """The statements (literals masked) that run more often on the biggest page than on the smallest."""
        smallest = min(self.results, key=lambda result: result.rows)
        biggest = max(self.results, key=lambda result: result.rows)
        fewer, more = Counter(map(_masked, smallest.sql)), Counter(map(_masked, biggest.sql))
        return [f"{more[sql] - fewer[sql]} more x {sql}" for sql in more if more[sql] > fewer[sql]]


@dataclass(frozen=True)
class Pair:
    key: str
    title: str
    subject: Probe
    tuned: Probe


@dataclass(frozen=True)
class PairResult:
    pair: Pair
    subject: Series
    tuned: Series
    subject_statements: Statements
    tuned_statements: Statements
    rows: int
    subject_bytes: int
    tuned_bytes: int

    @property
    def ratio(self) -> float:
        """The subject's time over the hand-tuned view's in the same round, median over the rounds."""
        return paired_ratio(self.subject, self.tuned)

    @property
    def fastest_ratio(self) -> float:
        return fastest_ratio(self.subject, self.tuned)


@dataclass(frozen=True)
class RegisterResult:
    groups: tuple[StatementGroup, ...]
    pairs: dict[str, PairResult]
    requests_per_batch: int

    @property
    def independent(self) -> bool:
        return all(group.independent for group in self.groups)


def statement_groups() -> tuple[tuple[str, tuple[Probe, ...]], ...]:
    """Each list at several page sizes and at a deep page; the list page's size is 25 unless sized."""
    sized = SIZED_LIST_PATH.format
    return (
        (
            "API list, unfiltered",
            tuple(Probe(API_PATH, q) for q in ("page_size=10", "page_size=50", "page_size=200", "page=100")),
        ),
        (
            f"API list, `{API_FILTER}`",
            tuple(
                Probe(API_PATH, f"{API_FILTER}&{q}")
                for q in ("page_size=10", "page_size=50", "page_size=200", "page=100")
            ),
        ),
        (
            "List page, unfiltered",
            (
                Probe(sized(page_size=10), "", True),
                Probe(PAGE_PATH, "", True),
                Probe(PAGE_PATH, "page=100", True),
                Probe(sized(page_size=200), "", True),
            ),
        ),
        (
            f"List page, `{PAGE_FILTER}`",
            (
                Probe(sized(page_size=10), PAGE_FILTER, True),
                Probe(PAGE_PATH, PAGE_FILTER, True),
                Probe(PAGE_PATH, f"{PAGE_FILTER}&page=100", True),
                Probe(sized(page_size=200), PAGE_FILTER, True),
            ),
        ),
    )


def pairs() -> tuple[Pair, ...]:
    """The API's and the list page's own requests, each with the hand-tuned request of the same rows."""
    return (
        Pair("api", "API list, first page of 50", Probe(API_PATH), Probe(VALUES_PATH, "limit=50")),
        Pair(
            "api-filtered",
            f"API list, first page of 50, `{API_FILTER}`",
            Probe(API_PATH, API_FILTER),
            Probe(VALUES_PATH, f"{TUNED_FILTER}&ordering=-name&limit=50"),
        ),
        Pair(
            "page",
            "List page (HTML), first page of 25",
            Probe(PAGE_PATH, "", True),
            Probe(VALUES_PATH, "ordering=name,id&limit=25", True),
        ),
        Pair(
            "page-filtered",
            f"List page (HTML), first page of 25, `{PAGE_FILTER}`",
            Probe(PAGE_PATH, PAGE_FILTER, True),
            Probe(VALUES_PATH, f"{TUNED_FILTER}&ordering=-name,id&limit=25", True),
        ),
    )


def host(country: Country) -> str:
    return f"{country.schema_name}.{settings.BASE_DOMAIN}"


def run(*, country: Country, token: str, session: str, rounds: int, batch: int) -> RegisterResult:
    """Count the statements of every variant, then time the pairs in interleaved rounds."""
    credentials = Credentials(host(country), token, session)
    with override_settings(ROOT_URLCONF="bench.urls"):
        handler = WSGIHandler()
        call = _caller(handler, credentials)
        groups = tuple(
            StatementGroup(title, tuple(_statements(call, probe) for probe in probes))
            for title, probes in statement_groups()
        )
        compared = pairs()
        for pair in compared:
            _same_rows(pair, call)
        samples = _rounds(compared, call, rounds, batch)
        results = {pair.key: _pair_result(pair, call, samples) for pair in compared}
    return RegisterResult(groups, results, batch)


Call = Callable[[Probe], wsgi.Answer]


def _caller(handler: WSGIHandler, credentials: Credentials) -> Call:
    token = {"HTTP_ACCEPT": "application/json", "HTTP_AUTHORIZATION": f"Token {credentials.token}"}
    cookie = {"HTTP_COOKIE": f"{settings.SESSION_COOKIE_NAME}={credentials.session}"}

    def call(probe: Probe) -> wsgi.Answer:
        answer = wsgi.get(
            handler,
            host=credentials.host,
            path=probe.path,
            query=probe.query,
            headers=cookie if probe.session else token,
        )
        if answer.status != 200:
            raise RuntimeError(f"{probe.url} answered {answer.status}: {answer.body[:300]!r}")
        return answer

    return call


def _statements(call: Call, probe: Probe) -> Statements:
    """The SQL of one steady-state request (after two warm-ups); the shortest of three captures."""
    call(probe)
    answer = call(probe)
    captures = []
    for _ in range(3):
        reset_queries()  # request_started empties queries_log; starting empty keeps the indexes right
        with CaptureQueriesContext(connection) as captured:
            call(probe)
        captures.append(list(captured.captured_queries))
    shortest = min(captures, key=len)
    return Statements(
        probe=probe,
        rows=len(_row_ids(probe, answer.body)),
        sql=tuple(query["sql"] for query in shortest),
        db_seconds=sum(float(query["time"]) for query in shortest),
    )


def _same_rows(pair: Pair, call: Call) -> None:
    """Both sides must list the same records in the same order, or the comparison means nothing."""
    subject = _row_ids(pair.subject, call(pair.subject).body)
    tuned = _row_ids(pair.tuned, call(pair.tuned).body)
    if not subject or subject != tuned:
        raise RuntimeError(f"{pair.subject.url} and {pair.tuned.url} list different rows")


def _row_ids(probe: Probe, body: bytes) -> list[int]:
    if probe.kind == "page":
        return [int(pk) for pk in PAGE_ROW.findall(body)]
    return [row["id"] for row in json.loads(body)["results"]]


def _rounds(compared: tuple[Pair, ...], call: Call, rounds: int, batch: int) -> dict[Probe, list[float]]:
    """Each round times every pair back to back; which side and which pair goes first take turns."""
    for pair in compared:  # warm-up
        _batch(call, pair.subject, batch)
        _batch(call, pair.tuned, batch)
    samples: dict[Probe, list[float]] = {p: [] for pair in compared for p in (pair.subject, pair.tuned)}
    for round_no in range(rounds):
        shift = round_no % len(compared)
        for pair in compared[shift:] + compared[:shift]:
            sides = (pair.subject, pair.tuned) if round_no % 2 == 0 else (pair.tuned, pair.subject)
            for probe in sides:
                samples[probe].append(_batch(call, probe, batch))
    return samples


def _batch(call: Call, probe: Probe, count: int) -> float:
    """Mean seconds per request over `count` requests."""
    start = time.perf_counter()
    for _ in range(count):
        call(probe)
    return (time.perf_counter() - start) / count


def _pair_result(pair: Pair, call: Call, samples: dict[Probe, list[float]]) -> PairResult:
    subject, tuned = _statements(call, pair.subject), _statements(call, pair.tuned)
    return PairResult(
        pair=pair,
        subject=Series(tuple(samples[pair.subject])),
        tuned=Series(tuple(samples[pair.tuned])),
        subject_statements=subject,
        tuned_statements=tuned,
        rows=subject.rows,
        subject_bytes=call(pair.subject).size,
        tuned_bytes=call(pair.tuned).size,
    )


def _masked(sql: str) -> str:
    """A statement with its literals and cursor names masked, so per-row repeats look alike."""
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r'"_django_curs_[^"]+"', '"<cursor>"', sql)
    return re.sub(r"\b\d+\b", "?", sql)
