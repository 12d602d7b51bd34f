"""Benchmarks 10 and 11: the computed indicator package of a country with a million records, against
hand-written SQL; and the public indicator page served from cache, against a static file of its size.

10. `indicators_compute(period, modules=...)` for one year (bench/indicators_data.py's last year) and
    every module whose manifest declares computations (MODULES), so every computation of the package:
    complaints, accidents, inspections, work permits, industrial actions, disputes, the farm
    programme, job seekers, matching (placements), migrant assistance, redundancies, vacancies and
    workplaces. The product's whole path: each Computation's aggregate, the totals over its dimensions
    added in Python, the Observations written (in a transaction rolled back, so every round writes
    them all again and runs repeat). Against it, one hand-written statement per indicator (HAND_SQL):
    the same records, grouped by the harmonised codes with GROUP BY CUBE, which gives every group and
    every total over the dimensions in the database; a stock (job seekers registered, workplaces
    liable to inspection) reads the records standing at the period's end, a rate (the recruitment
    cost's share of the first month's earnings) sums its parts in every group and total and divides
    them, as computing.py does. Before anything is timed, every computation declared must have been
    computed and every value of every breakdown must be the same on both sides (as stored: in the
    indicator's unit multiplier, to four decimals), or the suite fails. Each round times one full
    compute, with the time of each indicator read from its progress callback, and each statement, back
    to back; ratios per round, medians.

11. `GET /lmi/<code>/` of a published indicator on kn through Django's WSGI handler with the project's
    full middleware, after the first request put the page in the cache (cache_page), against the same
    bytes as a file served through the same handler by `django.views.static.serve` (bench/urls.py):
    what being cached leaves of the page's cost.
"""

import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, reset_queries, transaction
from django.test.utils import CaptureQueriesContext, override_settings
from django_tenants.utils import tenant_context

from bench import wsgi
from bench.indicators_data import BENCH_YEARS, IndicatorData
from bench.timing import Series, fastest_ratio, paired_ratio
from modules.indicators.computing import computations, indicators_compute
from modules.indicators.models import Indicator, Observation, breakdown_key
from modules.indicators.public import indicators_published
from modules.registry import installed_modules
from modules.reports.periods import Period, period_parse
from tenants.models import Country

# Every module whose manifest declares computations (bench/indicators_data.py makes records for each);
# every computation has its statement below.
MODULES = tuple(config.manifest.key for config in installed_modules() if config.manifest.indicators)
PERIOD = str(BENCH_YEARS[-1])
# Where the static copy of the page is written; bench/urls.py serves this directory.
STATIC_DIR = Path(tempfile.gettempdir()) / "clmis-bench-static"
STATIC_NAME = "indicator.html"
STATIC_PATH = f"/bench/static/{STATIC_NAME}"

# The harmonised code of each dimension, as the Breakdowns read them (a value not recorded: unknown).
SEX = "CASE WHEN coalesce({0}, '') = '' THEN 'SEX_O' ELSE 'SEX_' || {0} END"
ECO = "CASE WHEN coalesce(left({0}, 1), '') = '' THEN 'ECO_ISIC4_X' ELSE 'ECO_ISIC4_' || left({0}, 1) END"
OCU = "CASE WHEN coalesce(left({0}, 1), '') = '' THEN 'OCU_ISCO08_X' ELSE 'OCU_ISCO08_' || left({0}, 1) END"
MIG = (
    "CASE WHEN {0} IS NULL THEN 'MIG_STATUS_X' WHEN {0} = upper(current_schema()) THEN 'MIG_STATUS_NONMIG' "
    "ELSE 'MIG_STATUS_MIGRANT' END"
)
PLAIN = "CASE WHEN coalesce({0}, '') = '' THEN '{1}_X' ELSE {0} END"
# ILOSTAT's 10-year age band of an age in whole years (no age: unknown).
AGE = (
    "CASE WHEN {0} >= 65 THEN 'AGE_10YRBANDS_YGE65' WHEN {0} >= 55 THEN 'AGE_10YRBANDS_Y55-64' "
    "WHEN {0} >= 45 THEN 'AGE_10YRBANDS_Y45-54' WHEN {0} >= 35 THEN 'AGE_10YRBANDS_Y35-44' "
    "WHEN {0} >= 25 THEN 'AGE_10YRBANDS_Y25-34' WHEN {0} >= 15 THEN 'AGE_10YRBANDS_Y15-24' "
    "WHEN {0} < 15 THEN 'AGE_10YRBANDS_YLT15' ELSE 'AGE_X' END"
)


@dataclass(frozen=True)
class Statement:
    """One indicator's hand-written statement: its records as `r` (the dimensions' codes, the measure)
    from FROM/WHERE, grouped by CUBE over the dimensions."""

    indicator: str
    dimensions: dict[str, str]  # concept -> SQL of its code
    measure: str  # SQL of what each record contributes; summed
    source: str  # FROM ... WHERE ..., with %(start)s and %(end)s
    # A rate: what each record contributes to the denominator, summed too; the value of every group and
    # total is the sums' ratio times `per` (ratios are never added), none where the denominator is 0.
    denominator: str = ""
    per: int = 100
    # The records a group's rows stand for (a record held as several rows counts once).
    records: str = "count(*)"

    @property
    def sql(self) -> str:
        columns = "".join(f"{code} AS {concept.lower()}, " for concept, code in self.dimensions.items())
        names = ", ".join(concept.lower() for concept in self.dimensions)
        grouping = f"GROUP BY CUBE ({names})" if names else ""
        selected = f"{names}, " if names else ""
        value = "coalesce(sum(measured), 0)"
        base = ""
        if self.denominator:
            value = f"sum(measured) / nullif(sum(base), 0) * {self.per}"
            base = f", {self.denominator} AS base"
        return (
            f"SELECT {selected}{value} AS value, {self.records} AS records\n"
            f"FROM (SELECT {columns}{self.measure} AS measured{base}\n      {self.source}) r\n{grouping}"
        )


COMPLAINTS = "FROM complaints_complaint x JOIN casework_case c ON c.id = x.case_ptr_id"
CATEGORY = "JOIN reference_code category ON category.id = x.category_id"
ACCIDENTS = (
    "FROM accidents_accident x LEFT JOIN reference_code nationality ON nationality.id = x.nationality_id "
    "WHERE NOT x.is_disease"
)
ACTIONS = (
    "FROM industrial_actions_industrialaction x JOIN casework_case c ON c.id = x.case_ptr_id "
    "LEFT JOIN reference_code isic ON isic.id = x.isic_id "
    "WHERE c.status <> 'withdrawn' AND x.started_on BETWEEN %(start)s AND %(end)s"
)
PERMITS = (
    "FROM work_permits_workpermit x JOIN casework_case c ON c.id = x.case_ptr_id "
    "LEFT JOIN reference_code citizenship ON citizenship.id = x.citizenship_id "
    "LEFT JOIN reference_code occupation ON occupation.id = x.occupation_id "
    "WHERE x.decided_on BETWEEN %(start)s AND %(end)s AND c.status = "
)
JOB_SEEKERS = (
    "FROM job_seekers_jobseeker x JOIN casework_case c ON c.id = x.case_ptr_id "
    "LEFT JOIN reference_code occupation ON occupation.id = x.first_occupation_id "
    "CROSS JOIN LATERAL (SELECT date_part('year', age(%(end)s, x.birth_date)) AS years) age "
)
REQUESTS = (
    "FROM migrant_assistance_assistancerequest x JOIN casework_case c ON c.id = x.case_ptr_id "
    "JOIN reference_code destination ON destination.id = x.destination_id "
)
INJURED = {"SEX": SEX.format("x.person_sex"), "MIG": MIG.format("nationality.code")}
CITIZEN = {"SEX": SEX.format("x.worker_sex"), "CCT": PLAIN.format("citizenship.harmonised_code", "CCT")}

HAND_SQL = (
    Statement(
        "CMP_RECV_SEX_CAT_NB",
        {"CAT": PLAIN.format("category.code", "CAT"), "SEX": SEX.format("x.complainant_sex")},
        "1",
        f"{COMPLAINTS} {CATEGORY} WHERE c.opened_on BETWEEN %(start)s AND %(end)s",
    ),
    Statement(
        "CMP_SETL_CAT_NB",
        {"CAT": PLAIN.format("category.code", "CAT")},
        "1",
        f"{COMPLAINTS} {CATEGORY} WHERE c.status = 'settled' AND x.settled_on BETWEEN %(start)s AND %(end)s",
    ),
    Statement(
        "CMP_AMTR_NOC_NB",
        {},
        "x.amount_recovered",
        f"{COMPLAINTS} WHERE c.status = 'settled' AND x.settled_on BETWEEN %(start)s AND %(end)s",
    ),
    Statement(
        "INJ_FATL_SEX_MIG_NB",
        INJURED,
        "1",
        f"{ACCIDENTS} AND x.fatal AND x.occurred_on BETWEEN %(start)s AND %(end)s",
    ),
    Statement(
        "INJ_NFTL_SEX_MIG_NB",
        INJURED,
        "1",
        f"{ACCIDENTS} AND NOT x.fatal AND x.occurred_on BETWEEN %(start)s AND %(end)s",
    ),
    Statement(
        "INJ_DAYS_ECO_NB",
        {"ECO": ECO.format("isic.path")},
        "x.days_lost",
        "FROM accidents_accident x LEFT JOIN reference_code isic ON isic.id = x.isic_id "
        "WHERE NOT x.is_disease AND NOT x.fatal AND x.occurred_on BETWEEN %(start)s AND %(end)s",
    ),
    Statement(
        "LAI_VIST_NOC_NB",
        {},
        "1",
        "FROM inspections_inspection x JOIN casework_case c ON c.id = x.case_ptr_id "
        "WHERE c.status IN ('visited', 'notices', 'closed') AND x.visited_on BETWEEN %(start)s AND %(end)s",
    ),
    Statement(
        "WPM_APRV_SEX_CCT_NB",
        {**CITIZEN, "OCU": OCU.format("occupation.path")},
        "1",
        f"{PERMITS}'approved'",
    ),
    Statement("WPM_RFSD_SEX_CCT_NB", CITIZEN, "1", f"{PERMITS}'refused'"),
    Statement(
        "MFL_NEMP_SEX_OCU_NB",
        {"SEX": SEX.format("x.worker_sex"), "OCU": OCU.format("occupation.path")},
        "1",
        f"{PERMITS}'approved' AND x.renewal_of_id IS NULL",
    ),
    Statement("STR_TSTR_ECO_NB", {"ECO": ECO.format("isic.path")}, "1", ACTIONS),
    Statement(
        "STR_WORK_ECO_NB", {"ECO": ECO.format("isic.path")}, "(x.workers_women + x.workers_men)", ACTIONS
    ),
    Statement("STR_DAYS_ECO_NB", {"ECO": ECO.format("isic.path")}, "x.days_not_worked", ACTIONS),
    Statement(
        "DSP_RECV_NOC_NB",
        {},
        "1",
        "FROM disputes_dispute x WHERE x.reported_on BETWEEN %(start)s AND %(end)s",
    ),
    Statement(
        "MNA_OEMP_SEX_CDS_NB",
        {"SEX": SEX.format("x.sex"), "CDS": PLAIN.format("destination.code", "CDS")},
        "1",
        "FROM farm_programme_farmworker x "
        "JOIN farm_programme_recruitmentround recruitment ON recruitment.id = x.round_id "
        "JOIN reference_code destination ON destination.id = recruitment.destination_id "
        "WHERE x.departed_on BETWEEN %(start)s AND %(end)s",
    ),
    # A stock: the registrations standing on the period's last day (made by then, not ended by then),
    # aged on that day.
    Statement(
        "LMS_JSKR_SEX_OCU_NB",
        {"SEX": SEX.format("x.sex"), "OCU": OCU.format("occupation.path"), "AGE": AGE.format("age.years")},
        "1",
        f"{JOB_SEEKERS}WHERE x.merged_into_id IS NULL AND c.opened_on <= %(end)s "
        "AND coalesce(x.placed_on, c.closed_on, 'infinity') > %(end)s",
    ),
    Statement(
        "LMS_PLAC_SEX_OCU_NB",
        {"SEX": SEX.format("seeker.sex"), "OCU": OCU.format("occupation.path")},
        "1",
        "FROM matching_jobreferral x JOIN casework_case c ON c.id = x.case_ptr_id "
        "JOIN job_seekers_jobseeker seeker ON seeker.case_ptr_id = x.job_seeker_id "
        "JOIN vacancies_vacancy vacancy ON vacancy.case_ptr_id = x.referred_to_id "
        "JOIN reference_code occupation ON occupation.id = vacancy.occupation_id "
        "WHERE c.status = 'placed' AND x.placed_on BETWEEN %(start)s AND %(end)s",
    ),
    Statement(
        "MAS_CASE_SEX_CDS_NB",
        {
            "SEX": SEX.format("x.person_sex"),
            "CDS": PLAIN.format("destination.code", "CDS"),
            "TYPE": PLAIN.format("request_type.code", "TYPE"),
        },
        "1",
        f"{REQUESTS}JOIN reference_code request_type ON request_type.id = x.request_type_id "
        "WHERE c.opened_on BETWEEN %(start)s AND %(end)s",
    ),
    # The mean of the workers' own ratios: the sum of the ratios over the number of workers.
    Statement(
        "MAS_RCST_NOC_RT",
        {"CDS": PLAIN.format("destination.code", "CDS")},
        "x.recruitment_cost / x.monthly_earnings",
        f"{REQUESTS}WHERE x.recruitment_cost IS NOT NULL AND x.monthly_earnings IS NOT NULL "
        "AND c.opened_on BETWEEN %(start)s AND %(end)s",
        denominator="1",
    ),
    # Each group of workers affected is two rows, its women and its men.
    Statement(
        "LMS_REDW_SEX_ECO_NB",
        {"ECO": ECO.format("isic.path"), "SEX": "workers.sex"},
        "workers.number",
        "FROM redundancies_affectedgroup x "
        "JOIN redundancies_redundancy redundancy ON redundancy.case_ptr_id = x.redundancy_id "
        "JOIN employers_employer employer ON employer.id = redundancy.employer_id "
        "LEFT JOIN reference_code isic ON isic.id = employer.isic_id "
        "CROSS JOIN LATERAL (VALUES ('SEX_F', x.women), ('SEX_M', x.men)) workers (sex, number) "
        "WHERE redundancy.notified_on BETWEEN %(start)s AND %(end)s",
        records="count(*) / 2",
    ),
    Statement(
        "LMS_VACR_OCU_NB",
        {"OCU": OCU.format("occupation.path"), "ECO": ECO.format("isic.path")},
        "x.posts",
        "FROM vacancies_vacancy x JOIN casework_case c ON c.id = x.case_ptr_id "
        "JOIN reference_code occupation ON occupation.id = x.occupation_id "
        "JOIN employers_employer employer ON employer.id = x.employer_id "
        "LEFT JOIN reference_code isic ON isic.id = employer.isic_id "
        "WHERE c.opened_on BETWEEN %(start)s AND %(end)s",
    ),
    # A stock: the workplaces in operation recorded by the end of the period's last day (midnight after
    # it in the session's time zone, which is the product's: UTC).
    Statement(
        "LAI_WOPL_NOC_NB",
        {},
        "1",
        "FROM workplaces_workplace x WHERE x.active AND x.created_at < %(end)s::date + 1",
    ),
)


@dataclass(frozen=True)
class IndicatorTiming:
    indicator: str
    records: int
    values: int  # groups and totals, the observations written
    product: Series
    hand: Series

    @property
    def ratio(self) -> float:
        return paired_ratio(self.product, self.hand)


@dataclass(frozen=True)
class ComputeResult:
    data: IndicatorData
    period: str
    modules: tuple[str, ...]
    indicators: tuple[IndicatorTiming, ...]
    product: Series  # the whole indicators_compute call
    hand: Series  # every statement, one after another

    @property
    def ratio(self) -> float:
        return paired_ratio(self.product, self.hand)

    @property
    def fastest_ratio(self) -> float:
        return fastest_ratio(self.product, self.hand)

    @property
    def records(self) -> int:
        return sum(timing.records for timing in self.indicators)


@dataclass(frozen=True)
class PageResult:
    indicator: str
    path: str
    size: int
    cached: Series  # seconds per request
    static: Series
    cached_statements: tuple[str, ...]
    static_statements: tuple[str, ...]
    requests_per_batch: int

    @property
    def ratio(self) -> float:
        return paired_ratio(self.cached, self.static)

    @property
    def fastest_ratio(self) -> float:
        return fastest_ratio(self.cached, self.static)


def compute_run(*, country: Country, data: IndicatorData, rounds: int) -> ComputeResult:
    """Check both sides agree on every value, then time them in `rounds` interleaved rounds."""
    period = period_parse(PERIOD)
    with tenant_context(country):
        stored, times = _product(period)
        codes = list(times)
        declared = {computation.indicator for computation in computations(MODULES)}
        if set(codes) != declared:
            raise RuntimeError(f"not computed for {PERIOD}: {sorted(declared - set(codes))}")
        by_code = {statement.indicator: statement for statement in HAND_SQL}
        missing = sorted(set(codes) - set(by_code))
        if missing:
            raise RuntimeError(f"no hand-written statement for {missing}")
        statements = [by_code[code] for code in codes]
        hand = {statement.indicator: _hand(statement, period) for statement in statements}
        _same_values(stored, hand)
        product_samples: list[float] = []
        hand_samples: list[float] = []
        per_product: dict[str, list[float]] = {code: [] for code in codes}
        per_hand: dict[str, list[float]] = {code: [] for code in codes}
        for round_no in range(rounds):
            sides = (_round_product, _round_hand) if round_no % 2 == 0 else (_round_hand, _round_product)
            for side in sides:
                if side is _round_product:
                    total, times = _round_product(period)
                    product_samples.append(total)
                    for code in codes:
                        per_product[code].append(times[code])
                else:
                    total, times = _round_hand(statements, period)
                    hand_samples.append(total)
                    for code in codes:
                        per_hand[code].append(times[code])
    timings = tuple(
        IndicatorTiming(
            code,
            hand[code][1],
            len(stored[code]),
            Series(tuple(per_product[code])),
            Series(tuple(per_hand[code])),
        )
        for code in codes
    )
    return ComputeResult(
        data, PERIOD, MODULES, timings, Series(tuple(product_samples)), Series(tuple(hand_samples))
    )


def _product(period: Period) -> tuple[dict[str, dict[str, Decimal]], dict[str, float]]:
    """One full compute, rolled back: the values it stored (indicator -> key -> value) and its times."""
    with transaction.atomic():
        times = _timed_compute(period)
        stored: dict[str, dict[str, Decimal]] = {}
        for code, key, value in Observation.objects.filter(
            period=period.text, origin=Observation.Origin.COMPUTED, indicator__code__in=list(times)
        ).values_list("indicator__code", "key", "value"):
            stored.setdefault(code, {})[key] = value
        transaction.set_rollback(True)
    return stored, times


def _timed_compute(period: Period) -> dict[str, float]:
    """indicators_compute of the modules, each indicator's time read from the progress callback."""
    marks = [time.perf_counter()]
    done = indicators_compute(
        period, modules=MODULES, progress=lambda _n, _total: marks.append(time.perf_counter())
    )
    return {
        computed.indicator: after - before
        for computed, before, after in zip(done, marks[:-1], marks[1:], strict=True)
    }


def _round_product(period: Period) -> tuple[float, dict[str, float]]:
    with transaction.atomic():
        start = time.perf_counter()
        times = _timed_compute(period)
        total = time.perf_counter() - start
        transaction.set_rollback(True)
    return total, times


def _round_hand(statements: list[Statement], period: Period) -> tuple[float, dict[str, float]]:
    times = {}
    start = time.perf_counter()
    for statement in statements:
        began = time.perf_counter()
        _hand(statement, period)
        times[statement.indicator] = time.perf_counter() - began
    return time.perf_counter() - start, times


def _hand(statement: Statement, period: Period) -> tuple[dict[str, Decimal], int]:
    """key -> value of one statement (as stored: in the unit multiplier, four decimals), and the records
    it read (the count of its grand total)."""
    scale = Decimal(10) ** Indicator.objects.get(code=statement.indicator).multiplier
    concepts = list(statement.dimensions)
    values: dict[str, Decimal] = {}
    records = 0
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, {"start": period.start, "end": period.end})
        for row in cursor.fetchall():
            codes = dict(zip(concepts, row[: len(concepts)], strict=True))
            breakdown = {concept: code for concept, code in codes.items() if code is not None}
            value, count = row[len(concepts)], row[len(concepts) + 1]
            if not breakdown:
                records = count
            if value is not None:  # a rate over nothing has no value
                values[breakdown_key(breakdown)] = (Decimal(value) / scale).quantize(Decimal("0.0001"))
    return values, records


def _same_values(
    stored: dict[str, dict[str, Decimal]], hand: dict[str, tuple[dict[str, Decimal], int]]
) -> None:
    """Every indicator and breakdown the same on both sides, or the comparison means nothing."""
    for code, (values, _records) in hand.items():
        product = stored.get(code, {})
        if product != values:
            differing = sorted(
                key for key in product.keys() | values.keys() if product.get(key) != values.get(key)
            )[:5]
            detail = "; ".join(
                f"{key or 'total'}: {product.get(key)} vs {values.get(key)}" for key in differing
            )
            raise RuntimeError(f"{code}: the product and the hand-written SQL differ ({detail})")


def page_run(*, country: Country, rounds: int, batch: int) -> PageResult:
    """The cached public page against a static file of the same bytes, through the same handler."""
    host = f"{country.schema_name}.{settings.BASE_DOMAIN}"
    with tenant_context(country):
        indicator = indicators_published().first()
        if indicator is None:
            raise RuntimeError("kn has no published indicator values: the demo data did not load")
        code = indicator.code
    path = f"/lmi/{code}/"
    with override_settings(ROOT_URLCONF="bench.urls"):
        handler = WSGIHandler()
        cache.clear()
        first = _get(handler, host, path)
        STATIC_DIR.mkdir(exist_ok=True)
        (STATIC_DIR / STATIC_NAME).write_bytes(first)
        if _get(handler, host, STATIC_PATH) != first or _get(handler, host, path) != first:
            raise RuntimeError("the cached page or the static file is not the first page's bytes")
        cached_statements = _statements(handler, host, path)
        static_statements = _statements(handler, host, STATIC_PATH)
        cached: list[float] = []
        static: list[float] = []
        for round_no in range(rounds):
            order = ((path, cached), (STATIC_PATH, static))
            for target, samples in order if round_no % 2 == 0 else reversed(order):
                samples.append(_batch(handler, host, target, batch))
    return PageResult(
        code,
        path,
        len(first),
        Series(tuple(cached)),
        Series(tuple(static)),
        cached_statements,
        static_statements,
        batch,
    )


def _get(handler: WSGIHandler, host: str, path: str) -> bytes:
    answer = wsgi.get(handler, host=host, path=path, headers={"HTTP_ACCEPT": "text/html"})
    if answer.status != 200:
        raise RuntimeError(f"GET {path} answered {answer.status}: {answer.body[:300]!r}")
    return answer.body


def _batch(handler: WSGIHandler, host: str, path: str, count: int) -> float:
    """Mean seconds per request over `count` requests."""
    start = time.perf_counter()
    for _ in range(count):
        _get(handler, host, path)
    return (time.perf_counter() - start) / count


def _statements(handler: WSGIHandler, host: str, path: str) -> tuple[str, ...]:
    """The SQL of one steady-state request (the shortest of three)."""
    captures = []
    for _ in range(3):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            _get(handler, host, path)
        captures.append(tuple(query["sql"] for query in captured.captured_queries))
    return min(captures, key=len)
