"""Benchmark 9: ranked matches at the size of a country's register, against one hand-written SQL statement.

For a few representative vacancies, each ranked against the 100,000 bench job seekers, and job seekers,
each ranked against the 20,000 bench vacancies (bench/matching_data.py), three ways of getting the
same 50 best matches:

- the selector, `candidates_for_vacancy` / `vacancies_for_job_seeker` (modules/matching/selectors.py),
  given the record as the API reads it: what the API and the pages call, Match objects with reasons;
- the API, `GET /api/v1/matching/vacancies/<id>/candidates/` and `.../job_seekers/<id>/vacancies/`,
  token-authenticated through Django's WSGI handler with the project's full middleware;
- one hand-written SQL statement (CANDIDATES_SQL, VACANCIES_SQL) from the record's id: the same
  prefilter, every part of the score by the same rules, the same order, the 50 rows with their points.

Before anything is timed, the hand-written statement and the API must give exactly the selector's
ranking, ids, scores and points part by part, in the same order: timing two sides that answer
differently would compare nothing, so a difference raises. Then each round times a batch of each side
back to back (which side goes first, and which case, take turns), and the ratio is taken per round.
"""

import datetime
import json
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from django_tenants.utils import tenant_context

from bench import wsgi
from bench.matching_data import COMMON_ISCO, JOB_SEEKER_PREFIX, VACANCY_PREFIX, MatchingData
from bench.timing import Series, fastest_ratio, paired_ratio
from modules.job_seekers.models import JobSeeker
from modules.job_seekers.selectors import job_seekers_active
from modules.matching.scores import WEIGHTS, Match
from modules.matching.selectors import RANKED, candidates_for_vacancy, vacancies_for_job_seeker
from modules.reference.tables import EDUCATION_ORDER
from modules.vacancies.models import Vacancy
from modules.vacancies.selectors import vacancies_open
from tenants.models import Country

SIDES = ("selector", "api", "hand")
# Runs of EXPLAIN ANALYZE per statement, the fastest reported.
EXPLAINED = 3
# The parts of the score in the order the statements return them (the selector's WEIGHTS).
PARTS = tuple(WEIGHTS)
# The vacancy's own figures (once: MATERIALIZED), then every active job seeker of its ISCO major group
# (through the GIN index on their occupations) not referred to it yet, each part computed once per row
# (OFFSET 0 keeps the planner from pulling the parts up into the sum, which would compute them twice),
# whether they prefer the vacancy's district from one pass over the preferences, the 50 best.
CANDIDATES_SQL = """
WITH vacancy AS MATERIALIZED (
    SELECT v.case_ptr_id AS id, occupation.code AS occupation, v.match_skills AS skills,
           v.match_languages AS languages,
           array_position(%(education_order)s::text[], education.code::text) AS education,
           nullif(v.experience_years, 0) * 12 AS experience, v.district_id AS district,
           greatest(%(today)s, v.starts_on) AS starts, v.hours
    FROM vacancies_vacancy v
    JOIN reference_code occupation ON occupation.id = v.occupation_id
    LEFT JOIN reference_code education ON education.id = v.education_level_id
    WHERE v.case_ptr_id = %(id)s
)
SELECT id, occupation + skills + languages + education + experience + place + availability AS score,
       occupation, skills, languages, education, experience, place, availability, reference, name
FROM (
    SELECT js.case_ptr_id AS id, c.reference, js.first_name || ' ' || js.family_name AS name, c.opened_on,
           10 * (SELECT coalesce(max(CASE WHEN o = v.occupation THEN 4
                                          WHEN left(o, 3) = left(v.occupation, 3) THEN 3
                                          WHEN left(o, 2) = left(v.occupation, 2) THEN 2
                                          WHEN left(o, 1) = left(v.occupation, 1) THEN 1 ELSE 0 END), 0)
                 FROM unnest(js.match_occupations) AS o) AS occupation,
           CASE WHEN cardinality(v.skills) = 0 THEN 15
                ELSE round(cardinality(ARRAY(SELECT unnest(js.match_skills)
                                             INTERSECT SELECT unnest(v.skills)))
                           * 15.0 / cardinality(v.skills))::int END AS skills,
           CASE WHEN cardinality(v.languages) = 0 THEN 10
                ELSE round(cardinality(ARRAY(SELECT unnest(js.match_languages)
                                             INTERSECT SELECT unnest(v.languages)))
                           * 10.0 / cardinality(v.languages))::int END AS languages,
           CASE WHEN v.education IS NULL
                  OR array_position(%(education_order)s::text[], level.code::text) >= v.education THEN 10
                WHEN array_position(%(education_order)s::text[], level.code::text) >= v.education - 1 THEN 5
                ELSE 0 END AS education,
           CASE WHEN v.experience IS NULL OR js.experience_months >= v.experience THEN 10
                WHEN js.experience_months * 2 >= v.experience THEN 5 ELSE 0 END AS experience,
           CASE WHEN v.district IS NULL OR js.district_id = v.district OR preferred.here THEN 10
                WHEN preferred.here IS NULL THEN 8
                WHEN js.willing_to_relocate THEN 5 ELSE 0 END AS place,
           CASE WHEN js.available_from IS NULL OR js.available_from <= v.starts THEN 3 ELSE 0 END
             + CASE WHEN js.hours IN ('either', v.hours) THEN 2 ELSE 0 END AS availability
    FROM vacancy v
    JOIN job_seekers_jobseeker js ON js.match_occupations && ARRAY(
             SELECT unit.code FROM reference_code unit
             JOIN reference_classification isco ON isco.id = unit.classification_id AND isco.key = 'isco08'
             WHERE unit.level = 4 AND left(unit.code, 1) = left(v.occupation, 1))
    JOIN casework_case c ON c.id = js.case_ptr_id AND c.status = 'active'
    LEFT JOIN reference_code level ON level.id = js.education_level_id
    LEFT JOIN (SELECT p.jobseeker_id, bool_or(p.code_id = v.district) AS here
               FROM job_seekers_jobseeker_preferred_districts p CROSS JOIN vacancy v
               GROUP BY p.jobseeker_id) preferred ON preferred.jobseeker_id = js.case_ptr_id
    WHERE NOT EXISTS (SELECT FROM matching_jobreferral r
                      WHERE r.job_seeker_id = js.case_ptr_id AND r.referred_to_id = v.id)
    OFFSET 0
) parts
ORDER BY score DESC, opened_on, id
LIMIT %(limit)s
"""
# The job seeker's own figures (once, preferred districts as an array), then every open vacancy of one
# of their ISCO major groups not referred to yet, the parts once per row, the 50 best.
VACANCIES_SQL = """
WITH seeker AS MATERIALIZED (
    SELECT js.case_ptr_id AS id, js.match_occupations AS occupations, js.match_skills AS skills,
           js.match_languages AS languages,
           array_position(%(education_order)s::text[], level.code::text) AS education,
           js.experience_months AS experience, js.district_id AS district,
           js.willing_to_relocate AS relocating, js.hours,
           CASE WHEN js.available_from > %(today)s THEN js.available_from END AS available_from,
           ARRAY(SELECT p.code_id FROM job_seekers_jobseeker_preferred_districts p
                 WHERE p.jobseeker_id = js.case_ptr_id) AS preferred
    FROM job_seekers_jobseeker js
    LEFT JOIN reference_code level ON level.id = js.education_level_id
    WHERE js.case_ptr_id = %(id)s
)
SELECT id, occupation + skills + languages + education + experience + place + availability AS score,
       occupation, skills, languages, education, experience, place, availability, reference, title,
       employer_name
FROM (
    SELECT v.case_ptr_id AS id, c.reference, v.title, employer.name AS employer_name, v.closes_on,
           10 * (SELECT coalesce(max(CASE WHEN o = occupation.code THEN 4
                                          WHEN left(o, 3) = left(occupation.code, 3) THEN 3
                                          WHEN left(o, 2) = left(occupation.code, 2) THEN 2
                                          WHEN left(o, 1) = left(occupation.code, 1) THEN 1 ELSE 0 END), 0)
                 FROM unnest(s.occupations) AS o) AS occupation,
           CASE WHEN cardinality(v.match_skills) = 0 THEN 15
                ELSE round(cardinality(ARRAY(SELECT unnest(s.skills) INTERSECT SELECT unnest(v.match_skills)))
                           * 15.0 / cardinality(v.match_skills))::int END AS skills,
           CASE WHEN cardinality(v.match_languages) = 0 THEN 10
                ELSE round(cardinality(ARRAY(SELECT unnest(s.languages)
                                             INTERSECT SELECT unnest(v.match_languages)))
                           * 10.0 / cardinality(v.match_languages))::int END AS languages,
           CASE WHEN array_position(%(education_order)s::text[], education.code::text) IS NULL
                  OR s.education >= array_position(%(education_order)s::text[], education.code::text) THEN 10
                WHEN s.education >= array_position(%(education_order)s::text[], education.code::text) - 1
                THEN 5 ELSE 0 END AS education,
           CASE WHEN coalesce(v.experience_years, 0) = 0 OR s.experience >= v.experience_years * 12 THEN 10
                WHEN s.experience * 2 >= v.experience_years * 12 THEN 5 ELSE 0 END AS experience,
           CASE WHEN v.district_id IS NULL OR v.district_id = s.district OR v.district_id = ANY (s.preferred)
                THEN 10
                WHEN cardinality(s.preferred) = 0 THEN 8
                WHEN s.relocating THEN 5 ELSE 0 END AS place,
           CASE WHEN s.available_from IS NULL OR v.starts_on >= s.available_from THEN 3 ELSE 0 END
             + CASE WHEN s.hours IN ('either', v.hours) THEN 2 ELSE 0 END AS availability
    FROM seeker s
    CROSS JOIN vacancies_vacancy v
    JOIN casework_case c ON c.id = v.case_ptr_id AND c.status = 'open'
    JOIN reference_code occupation ON occupation.id = v.occupation_id AND occupation.level = 4
    JOIN reference_classification isco ON isco.id = occupation.classification_id AND isco.key = 'isco08'
    JOIN employers_employer employer ON employer.id = v.employer_id
    LEFT JOIN reference_code education ON education.id = v.education_level_id
    WHERE left(occupation.code, 1) IN (SELECT left(o, 1) FROM unnest(s.occupations) AS o)
      AND NOT EXISTS (SELECT FROM matching_jobreferral r
                      WHERE r.job_seeker_id = s.id AND r.referred_to_id = v.case_ptr_id)
    OFFSET 0
) parts
ORDER BY score DESC, closes_on, id
LIMIT %(limit)s
"""


@dataclass(frozen=True)
class Wanted:
    """A representative case, described, and how to find it among the bench records (the first by id)."""

    key: str
    title: str
    kind: str  # "vacancy" or "job_seeker"
    where: Q
    check: Callable[[object], bool] = lambda _record: True


@dataclass(frozen=True)
class Subject:
    """The record found for a case: what is ranked for it, and how many rows pass the prefilter."""

    wanted: Wanted
    pk: int
    reference: str
    profile: str
    considered: int

    @property
    def api_path(self) -> str:
        if self.wanted.kind == "vacancy":
            return f"/api/v1/matching/vacancies/{self.pk}/candidates/"
        return f"/api/v1/matching/job_seekers/{self.pk}/vacancies/"

    @property
    def sql(self) -> str:
        return CANDIDATES_SQL if self.wanted.kind == "vacancy" else VACANCIES_SQL


@dataclass(frozen=True)
class DatabaseTime:
    """What EXPLAIN ANALYZE says one run of a statement cost in the database, JIT compilation included."""

    planning_ms: float
    execution_ms: float
    jit_functions: int
    jit_ms: float


@dataclass(frozen=True)
class SubjectResult:
    """A case's three sides timed (seconds per ranking, per round) and its statements in the database."""

    subject: Subject
    selector: Series
    api: Series
    hand: Series
    selector_statements: int
    selector_plan: DatabaseTime
    hand_plan: DatabaseTime

    @property
    def selector_ratio(self) -> float:
        """The selector's time over the hand-written statement's in the same round, median over rounds."""
        return paired_ratio(self.selector, self.hand)

    @property
    def api_ratio(self) -> float:
        return paired_ratio(self.api, self.hand)

    @property
    def selector_fastest_ratio(self) -> float:
        return fastest_ratio(self.selector, self.hand)

    @property
    def api_fastest_ratio(self) -> float:
        return fastest_ratio(self.api, self.hand)


@dataclass(frozen=True)
class MatchingResult:
    """Every case, and what they were measured on: the data, rankings per batch, rows ranked."""

    data: MatchingData
    results: tuple[SubjectResult, ...]
    batch: int
    limit: int

    def of(self, kind: str) -> list[SubjectResult]:
        return [result for result in self.results if result.subject.wanted.kind == kind]


def wanted() -> tuple[Wanted, ...]:
    """Vacancies from the busiest to the emptiest major group, with and without requirements; job seekers
    seeking common, several, professional and rare work, one available only later."""
    common = COMMON_ISCO[0]
    return (
        Wanted(
            "v-common",
            f"Vacancy of the commonest unit group ({common}) asking skills, language, education, experience",
            "vacancy",
            Q(occupation__code=common, education_level__isnull=False, experience_years__gte=1)
            & ~Q(match_skills=[])
            & ~Q(match_languages=[]),
        ),
        Wanted(
            "v-common-bare",
            f"Vacancy of the same unit group ({common}) asking nothing more",
            "vacancy",
            Q(occupation__code=common, education_level__isnull=True, experience_years__isnull=True)
            & Q(match_skills=[], match_languages=[]),
        ),
        Wanted(
            "v-craft-later",
            "Part-time craft vacancy (major group 7) starting later, asking skills",
            "vacancy",
            Q(occupation__code__startswith="7", hours="part_time", starts_on__isnull=False)
            & ~Q(match_skills=[]),
        ),
        Wanted(
            "v-professional",
            "Professional vacancy (major group 2) of a rare unit group, degree and 2+ years asked",
            "vacancy",
            Q(occupation__code__startswith="2", experience_years__gte=2, education_level__code__in=("6", "7"))
            & ~Q(occupation__code__in=COMMON_ISCO),
        ),
        Wanted(
            "v-rare",
            "Vacancy in the smallest major group (0, armed forces occupations)",
            "vacancy",
            Q(occupation__code__startswith="0"),
        ),
        Wanted(
            "js-common",
            f"Job seeker seeking only the most common unit group ({common}), no district preferred",
            "job_seeker",
            Q(match_occupations=[common], preferred_districts__isnull=True) & ~Q(match_skills=[]),
        ),
        Wanted(
            "js-broad",
            "Job seeker whose occupations span three major groups (more vacancies to rank)",
            "job_seeker",
            Q(match_occupations__len__gte=3),
            lambda record: len({code[0] for code in record.match_occupations}) >= 3,
        ),
        Wanted(
            "js-professional",
            "Graduate seeking professional work (major group 2), preferring some districts",
            "job_seeker",
            Q(first_occupation__code__startswith="2", education_level__code__in=("6", "7"))
            & Q(preferred_districts__isnull=False),
        ),
        Wanted(
            "js-later",
            "Part-time job seeker available only from a later day",
            "job_seeker",
            Q(hours="part_time", available_from__gt=timezone.localdate()),
        ),
        Wanted(
            "js-rare",
            "Job seeker seeking armed forces occupations only (major group 0): few vacancies",
            "job_seeker",
            Q(first_occupation__code__startswith="0"),
            lambda record: all(code.startswith("0") for code in record.match_occupations),
        ),
    )


def run(
    *, country: Country, data: MatchingData, token: str, rounds: int, batch: int, limit: int = RANKED
) -> MatchingResult:
    """Find the cases, check the three sides rank alike, then time them in interleaved rounds."""
    today = timezone.localdate()
    with override_settings(ROOT_URLCONF="bench.urls"):
        handler = WSGIHandler()
        with tenant_context(country):
            subjects = [_subject(case, today) for case in wanted()]
        calls = {
            subject.wanted.key: _calls(subject, country, handler, token, today, limit) for subject in subjects
        }
        for subject in subjects:
            _same_ranking(subject, calls[subject.wanted.key])
        samples = _rounds(subjects, calls, rounds, batch)
        results = tuple(
            _result(subject, samples, country, today, limit, calls[subject.wanted.key])
            for subject in subjects
        )
    return MatchingResult(data, results, batch, limit)


Calls = dict[str, Callable[[], list[tuple]]]


def _subject(case: Wanted, today: datetime.date) -> Subject:
    """The first bench record (by id) of the case, and the number of rows its ranking considers."""
    if case.kind == "vacancy":
        records = vacancies_open().filter(reference__startswith=VACANCY_PREFIX)
    else:
        records = job_seekers_active().filter(reference__startswith=JOB_SEEKER_PREFIX)
    found = next(
        (r for r in records.filter(case.where).distinct().order_by("pk")[:500] if case.check(r)), None
    )
    if found is None:
        raise RuntimeError(f"no bench record for the case {case.key!r}: {case.title}")
    return Subject(case, found.pk, found.reference, _profile(found), _considered(case.kind, found.pk, today))


def _profile(record: Vacancy | JobSeeker) -> str:
    """What a record asks or offers, in codes, as the per-case table shows it."""
    if isinstance(record, Vacancy):
        parts = [
            record.occupation.code,
            f"skills {','.join(record.match_skills) or '-'}",
            f"languages {','.join(record.match_languages) or '-'}",
            f"education {record.education_level.code if record.education_level else '-'}",
            f"{record.experience_years if record.experience_years is not None else '-'} years",
            record.hours.replace("_", "-"),
            f"starts {record.starts_on or '-'}",
        ]
    else:
        preferred = sorted(record.preferred_districts.values_list("code", flat=True))
        parts = [
            ",".join(record.match_occupations),
            f"skills {','.join(record.match_skills) or '-'}",
            f"{record.experience_months} months",
            f"prefers {','.join(preferred) or '-'}",
            record.hours.replace("_", "-"),
            f"available {record.available_from or '-'}",
        ]
    return "; ".join(parts)


def _considered(kind: str, pk: int, today: datetime.date) -> int:
    """Rows passing the prefilter: the hand-written statement's rows before its ORDER BY and LIMIT."""
    sql = CANDIDATES_SQL if kind == "vacancy" else VACANCIES_SQL
    counted = f"SELECT count(*) FROM ({sql.replace('LIMIT %(limit)s', '')}) ranked"  # noqa: S608 - our own SQL
    with connection.cursor() as cursor:
        cursor.execute(counted, _parameters(pk, today, limit=0))
        return cursor.fetchone()[0]


def _parameters(pk: int, today: datetime.date, *, limit: int) -> dict[str, object]:
    return {"id": pk, "today": today, "education_order": list(EDUCATION_ORDER), "limit": limit}


def _calls(subject: Subject, country: Country, handler: WSGIHandler, token: str, today, limit: int) -> Calls:
    """The three sides of a case, each returning its ranking as (id, score, points...) rows."""
    headers = {"HTTP_ACCEPT": "application/json", "HTTP_AUTHORIZATION": f"Token {token}"}
    host = f"{country.schema_name}.{settings.BASE_DOMAIN}"
    vacancy_side = subject.wanted.kind == "vacancy"
    with tenant_context(country):
        # Read as the API reads it (its get_object_or_404 on the same querysets), outside the timing.
        record = (vacancies_open() if vacancy_side else job_seekers_active()).get(pk=subject.pk)

    def selector() -> list[tuple]:
        with tenant_context(country):
            if vacancy_side:
                return _ranked(candidates_for_vacancy(record, limit=limit, today=today), "job_seeker")
            return _ranked(vacancies_for_job_seeker(record, limit=limit, today=today), "vacancy")

    def api() -> list[tuple]:
        answer = wsgi.get(handler, host=host, path=subject.api_path, query=f"limit={limit}", headers=headers)
        if answer.status != 200:
            raise RuntimeError(f"{subject.api_path} answered {answer.status}: {answer.body[:300]!r}")
        key = "job_seeker" if vacancy_side else "vacancy"
        return [
            (row[key], row["score"], *(row["points"][part] for part in PARTS))
            for row in json.loads(answer.body)
        ]

    def hand() -> list[tuple]:
        with tenant_context(country), connection.cursor() as cursor:
            cursor.execute(subject.sql, _parameters(subject.pk, today, limit=limit))
            return [row[: 2 + len(PARTS)] for row in cursor.fetchall()]

    return {"selector": selector, "api": api, "hand": hand}


def _ranked(matches: list[Match], side: str) -> list[tuple]:
    return [
        (getattr(match, side).pk, match.score, *(match.points[part] for part in PARTS)) for match in matches
    ]


def _same_ranking(subject: Subject, calls: Calls) -> None:
    """The hand-written statement and the API must rank exactly as the selector: ids, scores, points."""
    expected = calls["selector"]()
    if not expected:
        raise RuntimeError(f"{subject.reference} ({subject.wanted.key}): the selector ranked nothing")
    for side in ("hand", "api"):
        got = calls[side]()
        if got != expected:
            rows = zip([*got, None], [*expected, None], strict=False)
            first, (ours, theirs) = next((n, pair) for n, pair in enumerate(rows) if pair[0] != pair[1])
            raise RuntimeError(
                f"{subject.reference} ({subject.wanted.key}): the {side} ranking is not the selector's: "
                f"{len(got)} rows against {len(expected)}, first at row {first}: {ours} against {theirs}"
            )


def _rounds(
    subjects: list[Subject], calls: dict[str, Calls], rounds: int, batch: int
) -> dict[tuple, list[float]]:
    """Each round times every side of every case back to back; the order of cases and of sides rotates."""
    for subject in subjects:  # warm-up
        for side in SIDES:
            _batch(calls[subject.wanted.key][side], batch)
    samples: dict[tuple, list[float]] = {(s.wanted.key, side): [] for s in subjects for side in SIDES}
    for round_no in range(rounds):
        shift = round_no % len(subjects)
        turn = round_no % len(SIDES)
        for subject in subjects[shift:] + subjects[:shift]:
            for side in SIDES[turn:] + SIDES[:turn]:
                samples[(subject.wanted.key, side)].append(_batch(calls[subject.wanted.key][side], batch))
    return samples


def _batch(call: Callable[[], object], count: int) -> float:
    """Mean seconds per call over `count` calls."""
    start = time.perf_counter()
    for _ in range(count):
        call()
    return (time.perf_counter() - start) / count


def _result(
    subject: Subject, samples: dict[tuple, list[float]], country: Country, today, limit: int, calls: Calls
) -> SubjectResult:
    key = subject.wanted.key
    with tenant_context(country):
        with CaptureQueriesContext(connection) as captured:
            calls["selector"]()
        ranking = max((query["sql"] for query in captured.captured_queries), key=len)
        selector_plan = _explained(ranking, None)
        hand_plan = _explained(subject.sql, _parameters(subject.pk, today, limit=limit))
    return SubjectResult(
        subject=subject,
        selector=Series(tuple(samples[(key, "selector")])),
        api=Series(tuple(samples[(key, "api")])),
        hand=Series(tuple(samples[(key, "hand")])),
        selector_statements=len(captured.captured_queries),
        selector_plan=selector_plan,
        hand_plan=hand_plan,
    )


def _explained(sql: str, parameters: dict | None) -> DatabaseTime:
    """Planning and execution time from EXPLAIN ANALYZE without per-node timing (which slows a statement
    down), the fastest of EXPLAINED runs (one run on shared cores is noise), and what JIT compilation
    took from one more run with timing (only then does PostgreSQL say)."""
    runs = [_explain(sql, parameters, timing=False) for _ in range(EXPLAINED)]
    quiet = min(runs, key=lambda plan: plan["Planning Time"] + plan["Execution Time"])
    timed_plan = _explain(sql, parameters, timing=True)
    jit = timed_plan.get("JIT", {})
    return DatabaseTime(
        planning_ms=quiet["Planning Time"],
        execution_ms=quiet["Execution Time"],
        jit_functions=jit.get("Functions", 0),
        jit_ms=jit.get("Timing", {}).get("Total", 0.0),
    )


def _explain(sql: str, parameters: dict | None, *, timing: bool) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            f"EXPLAIN (ANALYZE, TIMING {'ON' if timing else 'OFF'}, FORMAT JSON) {sql}", parameters
        )
        plan = cursor.fetchone()[0]
    return (json.loads(plan) if isinstance(plan, str) else plan)[0]
