"""A country with a million case records for the indicators benchmark, created once and kept.

About 1,000,000 cases in kn over five years (BENCH_YEARS), of the case modules whose computations read
the most records: complaints, accidents, inspections, work permits and industrial actions (references
BENCH-CMP-0000001, BENCH-ACC-..., BENCH-INS-..., BENCH-WPM-..., BENCH-STR-...), against the bench
employers, in the mix a labour department sees: many complaints, accidents and inspection visits, fewer
permits, few industrial actions. Every record is a case row and the module's own row, written by COPY
as matching_data.py writes job seekers (the models' defaults where a record says nothing), in one
transaction; then VACUUM ANALYZE. Kept between runs (all or nothing by count).
"""

import datetime
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from bench.employers_data import PREFIX as EMPLOYER_PREFIX
from bench.employers_data import SURNAMES
from bench.matching_data import _case_ids, _copy
from modules.accidents.models import Accident
from modules.casework.models import Case
from modules.complaints.models import Complaint
from modules.employers.models import Employer
from modules.industrial_actions.models import IndustrialAction
from modules.inspections.models import Inspection
from modules.job_seekers.demo import MEN, WOMEN
from modules.reference.models import Code
from modules.work_permits.models import WorkPermit
from modules.workplaces.models import Workplace
from tenants.models import Country

SEED = 20261
BATCH = 10_000
# The five years of records; the benchmark computes the last full one of them.
BENCH_YEARS = (2021, 2022, 2023, 2024, 2025)
# Records of each kind: (model, reference prefix, how many). A million in all.
KINDS = (
    (Complaint, "BENCH-CMP-", 300_000),
    (Accident, "BENCH-ACC-", 250_000),
    (Inspection, "BENCH-INS-", 250_000),
    (WorkPermit, "BENCH-WPM-", 150_000),
    (IndustrialAction, "BENCH-STR-", 50_000),
)
RECORDS = sum(count for _model, _prefix, count in KINDS)
# A tenth of the injured and of the complainants are foreign workers; the rest are nationals.
MIGRANT_SHARE = 0.1
FOREIGN = ("GY", "JM", "DM", "DO", "US", "GB", "IN", "CN", "VE", "HT", "LC", "VC")


@dataclass(frozen=True)
class IndicatorData:
    records: int
    by_kind: dict[str, int]
    created: bool
    seconds: float  # creating them (0 when kept from an earlier run)
    analyse_seconds: float


@dataclass(frozen=True)
class Codes:
    employers: list[tuple[int, int | None]]  # bench employer and its ISIC class
    isic: list[int]
    isco: list[int]
    workplaces: list[tuple[int, int]]  # workplace and its employer
    categories: list[int]
    causes: list[int]
    nationals: int
    foreign: list[int]
    injury_types: list[int]


def records_ensure(country: Country, *, fresh: bool = False) -> IndicatorData:
    """The million records, created if any kind is short (or `fresh`), else only counted."""
    with tenant_context(country):
        counts = _counts()
        if not fresh and all(counts[prefix] == count for _model, prefix, count in KINDS):
            return IndicatorData(sum(counts.values()), counts, False, 0.0, 0.0)
        start = time.perf_counter()
        written = _create(_codes())
        seconds = time.perf_counter() - start
        analyse = _analyse()
        if written != RECORDS:
            raise RuntimeError(f"wrote {written:,} bench records, expected {RECORDS:,}")
        return IndicatorData(written, _counts(), True, seconds, analyse)


def records_remove() -> int:
    """Delete the bench records of every kind (their own rows go with the cases, by cascade)."""
    removed = 0
    with connection.cursor() as cursor:
        for model, prefix, _count in KINDS:
            ids = f"SELECT id FROM {Case._meta.db_table} WHERE reference LIKE %s"  # noqa: S608 - a model's table
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE case_ptr_id IN ({ids})", [f"{prefix}%"])  # noqa: S608
            cursor.execute(f"DELETE FROM {Case._meta.db_table} WHERE reference LIKE %s", [f"{prefix}%"])  # noqa: S608
            removed += cursor.rowcount
    return removed


def _counts() -> dict[str, int]:
    return {
        prefix: Case.objects.filter(case_type=model._meta.label_lower, reference__startswith=prefix).count()
        for model, prefix, _count in KINDS
    }


def _codes() -> Codes:
    employers = list(
        Employer.objects.filter(registration_number__startswith=EMPLOYER_PREFIX)
        .order_by("pk")
        .values_list("pk", "isic_id")
    )
    workplaces = list(Workplace.objects.order_by("pk").values_list("pk", "employer_id"))
    if not employers or not workplaces:
        raise RuntimeError("kn has no bench employers or no workplaces: run employers_data first")
    countries = dict(Code.objects.filter(classification__key="iso3166").values_list("code", "pk"))
    return Codes(
        employers=employers,
        isic=_table("isic4", level=4),
        isco=_table("isco08", level=4),
        workplaces=workplaces,
        categories=_table("complaint_category"),
        causes=_table("industrial_action_cause"),
        nationals=countries["KN"],
        foreign=[countries[code] for code in FOREIGN if code in countries],
        injury_types=_table("injury_type"),
    )


def _table(key: str, level: int | None = None) -> list[int]:
    codes = Code.objects.filter(classification__key=key, active=True)
    if level is not None:
        codes = codes.filter(level=level)
    return list(codes.order_by("code").values_list("pk", flat=True))


def _create(codes: Codes) -> int:
    now = timezone.now()
    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        records_remove()
        draw = random.Random(SEED)
        for model, prefix, count in KINDS:
            make = MAKERS[model]
            records = (make(codes, draw) for _number in range(count))
            numbers = iter(range(1, count + 1))
            while batch := list(islice(records, BATCH)):
                ids = _case_ids(cursor.cursor, len(batch))
                cases = [
                    {
                        **case,
                        "id": pk,
                        "reference": f"{prefix}{next(numbers):07d}",
                        "created_at": now,
                        "updated_at": now,
                        "case_type": model._meta.label_lower,
                        "version": 1,
                    }
                    for pk, (case, _own) in zip(ids, batch, strict=True)
                ]
                own = [{**row, "case_ptr_id": pk} for pk, (_case, row) in zip(ids, batch, strict=True)]
                _copy(cursor.cursor, Case, cases, ids_given=True)
                _copy(cursor.cursor, model, own, ids_given=True)
                written += len(batch)
    return written


def _day(rng: random.Random) -> datetime.date:
    start = datetime.date(BENCH_YEARS[0], 1, 1)
    return start + datetime.timedelta(days=rng.randrange(365 * len(BENCH_YEARS) + 1))


def _after(day: datetime.date, rng: random.Random, most: int) -> datetime.date:
    return day + datetime.timedelta(days=rng.randint(1, most))


def _person(rng: random.Random) -> tuple[str, str]:
    sex = "F" if rng.random() < 0.45 else "M"
    return sex, f"{rng.choice(WOMEN if sex == 'F' else MEN)} {rng.choice(SURNAMES)}"


def _nationality(codes: Codes, rng: random.Random) -> int | None:
    roll = rng.random()
    if roll < 0.05:
        return None
    return rng.choice(codes.foreign) if roll < 0.05 + MIGRANT_SHARE else codes.nationals


def _complaint(codes: Codes, rng: random.Random) -> tuple[dict, dict]:
    opened = _day(rng)
    status = rng.choices(
        ("received", "investigating", "hearing", "settled", "referred", "withdrawn"), (5, 8, 4, 55, 15, 13)
    )[0]
    sex, name = _person(rng)
    claimed = Decimal(rng.randint(200, 20_000))
    settled = status == "settled"
    own = {
        "complainant_name": name,
        "complainant_sex": sex,
        "complainant_nationality_id": _nationality(codes, rng),
        "employer_id": rng.choice(codes.employers)[0],
        "category_id": rng.choice(codes.categories),
        "amount_claimed": claimed,
        "amount_recovered": (claimed * Decimal(rng.randint(30, 100)) / 100).quantize(Decimal("0.01"))
        if settled
        else None,
        "outcome": "settled" if settled else "",
        "settled_on": _after(opened, rng, 120) if settled else None,
    }
    return _case(status, opened, closed=status in ("settled", "referred", "withdrawn")), own


def _accident(codes: Codes, rng: random.Random) -> tuple[dict, dict]:
    occurred = _day(rng)
    sex, name = _person(rng)
    employer, isic = rng.choice(codes.employers)
    fatal = rng.random() < 0.01
    disease = rng.random() < 0.04
    own = {
        "notified_on": _after(occurred, rng, 10),
        "notified_by": "employer",
        "person_name": name,
        "person_sex": sex,
        "person_age": rng.randint(17, 66),
        "nationality_id": _nationality(codes, rng),
        "occupation_id": rng.choice(codes.isco),
        "employer_id": employer,
        "isic_id": isic if rng.random() < 0.97 else None,
        "occurred_on": occurred,
        "is_disease": disease,
        "fatal": fatal,
        "injury_type_id": rng.choice(codes.injury_types),
        "days_lost": 0 if fatal else int(rng.expovariate(1 / 12)),
    }
    status = rng.choices(("notified", "investigating", "closed"), (10, 15, 75))[0]
    return _case(status, occurred, closed=status == "closed"), own


def _inspection(codes: Codes, rng: random.Random) -> tuple[dict, dict]:
    opened = _day(rng)
    status = rng.choices(("planned", "visited", "notices", "closed", "cancelled"), (8, 12, 15, 57, 8))[0]
    workplace, employer = rng.choice(codes.workplaces)
    visited = status in ("visited", "notices", "closed")
    own = {
        "kind": rng.choice(("planned", "planned", "planned", "complaint", "follow_up")),
        "workplace_id": workplace,
        "employer_id": employer,
        "isic_id": rng.choice(codes.isic),
        "visited_on": _after(opened, rng, 45) if visited else None,
        "workers_women": rng.randint(0, 40) if visited else None,
        "workers_men": rng.randint(0, 40) if visited else None,
    }
    return _case(status, opened, closed=status in ("closed", "cancelled")), own


def _work_permit(codes: Codes, rng: random.Random) -> tuple[dict, dict]:
    opened = _day(rng)
    status = rng.choices(
        ("received", "under_review", "approved", "refused", "withdrawn"), (5, 10, 68, 12, 5)
    )[0]
    sex, name = _person(rng)
    decided = status in ("approved", "refused")
    citizenship = rng.choice(codes.foreign)
    own = {
        "employer_id": rng.choice(codes.employers)[0],
        "position": "Worker",
        "occupation_id": rng.choice(codes.isco),
        "duration_months": rng.choice((6, 12, 12, 24)),
        "monthly_salary": Decimal(rng.randint(15, 90) * 100),
        "worker_name": name,
        "worker_sex": sex,
        "worker_birth_date": opened - datetime.timedelta(days=rng.randint(20 * 365, 60 * 365)),
        "citizenship_id": citizenship,
        "country_of_birth_id": citizenship,
        "passport_number": f"P{rng.randint(10**7, 10**8 - 1)}",
        "decided_on": _after(opened, rng, 60) if decided else None,
    }
    return _case(status, opened, closed=status in ("approved", "refused", "withdrawn")), own


def _industrial_action(codes: Codes, rng: random.Random) -> tuple[dict, dict]:
    started = _day(rng)
    status = rng.choices(("reported", "ongoing", "ended", "withdrawn"), (5, 5, 80, 10))[0]
    employer, isic = rng.choice(codes.employers)
    women, men = rng.randint(0, 150), rng.randint(0, 150)
    days = rng.randint(1, 10)
    own = {
        "action_type": rng.choice(("strike", "strike", "strike", "go_slow", "sick_out", "lockout", "other")),
        "employer_id": employer,
        "isic_id": isic if rng.random() < 0.95 else None,
        "notified_by": "union",
        "workers_women": women,
        "workers_men": men,
        "started_on": started,
        "ended_on": started + datetime.timedelta(days=days) if status == "ended" else None,
        "days_not_worked": Decimal((women + men) * days) if status == "ended" else None,
        "cause_id": rng.choice(codes.causes),
    }
    return _case(status, started, closed=status in ("ended", "withdrawn")), own


MAKERS: dict[type[Case], Callable[[Codes, random.Random], tuple[dict, dict]]] = {
    Complaint: _complaint,
    Accident: _accident,
    Inspection: _inspection,
    WorkPermit: _work_permit,
    IndustrialAction: _industrial_action,
}


def _case(status: str, opened: datetime.date, *, closed: bool) -> dict:
    return {"status": status, "opened_on": opened, "closed_on": opened if closed else None}


def _analyse() -> float:
    start = time.perf_counter()
    with connection.cursor() as cursor:
        for model in (Case, *(model for model, _prefix, _count in KINDS)):
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return time.perf_counter() - start


def iter_kinds() -> Iterator[tuple[str, str, int]]:
    """Each kind as (module, reference prefix, records), for the report."""
    for model, prefix, count in KINDS:
        yield model._meta.app_label, prefix, count
