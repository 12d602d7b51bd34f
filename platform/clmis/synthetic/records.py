"""Synthetic case records of five years: about 1,000,000 in a country at scale 1, what indicators are
computed from.

Records over five years (YEARS), of every case module whose manifest declares computations, and the
register of workplaces the workplaces' computation reads: complaints, accidents, inspections, work
permits, industrial actions, disputes, redundancies, requests for assistance abroad, farm workers,
vacancies, job seekers and referrals (references of the sample's prefix and the kind's: BENCH-CMP-0000001,
SYN-ACC-..., see KINDS), and workplaces of the sample's employers. The mix is what a labour department
sees: many complaints, accidents, inspection visits and registrations of job seekers; fewer permits,
vacancies, referrals, farm workers and requests for help abroad; few disputes, industrial actions and
redundancies. The seasons show: accidents, vacancies, registrations of job seekers and inspections
follow monthly weights (SEASONS), farm workers apply in January and February and leave from March.
Every case is a case row and the module's own row, written by COPY as clmis.synthetic.matching writes
job seekers (the models' defaults where a record says nothing), with what belongs to it (a
redundancy's groups of workers affected), the farm programme's rounds of the five seasons and the
workplaces first, all in one transaction; then VACUUM ANALYZE. Kept between runs (all or nothing by
count).

The job seekers, vacancies and referrals are these records' own, not clmis.synthetic.matching's: those
are drawn around the day they are made (registrations of the last two years, vacancies of the last two
months), these over YEARS, so a year computed has them all. Registrations of 2021 to 2025 have all
ended by now (placed, lapsed or withdrawn) and the vacancies are closed, so matching still ranks the
open job seekers and vacancies alone; their matching profile is left empty (nothing
ranks an ended registration and no indicator reads it). Every placed job seeker has the referral that
placed them, to a vacancy filled by then; the other referrals ended otherwise.
"""

import bisect
import calendar
import datetime
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice

from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from clmis.synthetic.employers import SURNAMES
from clmis.synthetic.matching import ISCO_SKEW, isco_ranked
from clmis.synthetic.tables import Sample, case_ids, rows_copy, tables_analyse, zipf_cumulative
from modules.accidents.models import Accident
from modules.casework.models import Case
from modules.complaints.models import Complaint
from modules.disputes.models import OUTCOME_OF_STATE, SETTLED_STATES, Dispute
from modules.employers.models import Employer
from modules.farm_programme.demo import FARMS
from modules.farm_programme.models import CHECKLIST, FarmWorker, RecruitmentRound
from modules.industrial_actions.models import IndustrialAction
from modules.inspections.models import Inspection
from modules.job_seekers.demo import MEN, WOMEN
from modules.job_seekers.models import JobSeeker
from modules.matching.models import JobReferral, NotHired
from modules.migrant_assistance.demo import DESTINATIONS
from modules.migrant_assistance.models import REQUEST_TYPES, AssistanceRequest
from modules.migrant_assistance.models import Outcome as AssistanceOutcome
from modules.redundancies.models import AffectedGroup, Redundancy
from modules.reference.models import Code
from modules.unions.models import TradeUnion
from modules.vacancies.models import Vacancy
from modules.work_permits.models import WorkPermit
from modules.workplaces.models import Workplace
from tenants.models import Country

BATCH = 10_000
# The five years of records, fixed so the same seed gives the same rows whenever it is run.
YEARS = (2021, 2022, 2023, 2024, 2025)
# Cases of each kind at scale 1: (model, what its references add to the sample's prefix, how many), in
# the order they are written: a referral joins a job seeker and a vacancy written before it.
KINDS = (
    (Complaint, "CMP-", 190_000),
    (Accident, "ACC-", 160_000),
    (Inspection, "INS-", 150_000),
    (WorkPermit, "WPM-", 90_000),
    (IndustrialAction, "STR-", 20_000),
    (Dispute, "DSP-", 15_000),
    (Redundancy, "RED-", 10_000),
    (AssistanceRequest, "OMW-", 25_000),
    (FarmWorker, "FWP-", 40_000),
    (Vacancy, "VCY-", 50_000),
    (JobSeeker, "JSR-", 150_000),
    (JobReferral, "REF-", 60_000),
)
# The sample employers' workplaces at scale 1 (a register, no case), recorded over the five years.
WORKPLACES = 40_000
RECORDS = sum(count for _model, _suffix, count in KINDS) + WORKPLACES
# How the records of a kind spread over the months (January first), where the season shows: accidents
# peak in the dry season's building work and the rush before Christmas; vacancies before the tourist
# season (October to December); job seekers register when school ends (July) and after the season;
# inspectors visit less in August (leave) and December.
SEASONS = {
    Accident: (9, 9, 10, 10, 9, 7, 7, 8, 7, 8, 8, 8),
    Vacancy: (7, 6, 6, 6, 6, 7, 8, 8, 10, 13, 13, 10),
    JobSeeker: (8, 8, 8, 9, 8, 9, 13, 9, 8, 7, 6, 7),
    Inspection: (9, 9, 10, 10, 10, 9, 9, 5, 9, 10, 9, 5),
}
EVEN = (1,) * 12
# What belongs to a case of a kind, written with its id: (model, the column naming the case).
PARTS = {Redundancy: (AffectedGroup, "redundancy_id")}
# A tenth of the injured and of the complainants are foreign workers; the rest are nationals.
MIGRANT_SHARE = 0.1
FOREIGN = ("GY", "JM", "DM", "DO", "US", "GB", "IN", "CN", "VE", "HT", "LC", "VC")
# The farm programme's rounds, one a season of YEARS each: (destination, programme, currency).
PROGRAMMES = (
    ("CA", "Seasonal Agricultural Worker Program (SAWP)", "CAD"),
    ("US", "H-2A temporary agricultural workers", "USD"),
)
# Groups of workers in dispute without a union, as the demo describes them.
WORKER_GROUPS = (
    "Kitchen and housekeeping staff",
    "Packing line workers",
    "Security guards on night shifts",
    "Seasonal farm workers",
    "Delivery drivers",
    "Shop assistants",
)
# A registration lapses this many days after it was made or last renewed (RegistrationRules' default).
LAPSE_DAYS = 180


def kinds(sample: Sample) -> list[tuple[type[Case], str, int]]:
    """The sample's kinds of case: (model, reference prefix, how many)."""
    return [(model, f"{sample.prefix}{suffix}", sample.count(count)) for model, suffix, count in KINDS]


def round_note(sample: Sample) -> str:
    """What marks the sample's recruitment rounds (a round has no reference)."""
    return f"Synthetic round ({sample.prefix})"


@dataclass(frozen=True)
class IndicatorData:
    records: int
    by_kind: dict[str, int]
    created: bool
    seconds: float  # creating them (0 when kept from an earlier run)
    analyse_seconds: float


@dataclass(frozen=True)
class Codes:
    sample: Sample
    employers: list[tuple[int, int | None]]  # the sample's employer and its ISIC class
    isic: list[int]
    isco: list[int]
    isco_codes: dict[int, str]  # unit group -> its code
    isco_ranked: list[int]  # unit groups, most common first
    isco_weights: list[float]  # their cumulative weights
    workplaces: list[tuple[int, int]]  # the sample's workplace and its employer
    categories: list[int]
    causes: list[int]
    nationals: int
    foreign: list[int]
    injury_types: list[int]
    unions: list[int]
    reasons: list[int]  # of redundancies
    request_types: list[int]
    destinations: list[tuple[int, str, int]]  # country, its currency, typical first month's earnings
    rounds: list[tuple[int, int]]  # the sample's recruitment round and its season
    districts: list[int]


@dataclass(frozen=True)
class Record:
    """One synthetic case being drawn: its case row, its own row, and the rows belonging to it (PARTS)."""

    case: dict
    own: dict
    parts: list[dict] = field(default_factory=list)


def records_expected(sample: Sample) -> dict[str, int]:
    """How many records of each kind (by reference prefix) and workplaces the sample has."""
    return {
        **{prefix: count for _model, prefix, count in kinds(sample)},
        "workplaces": sample.count(WORKPLACES),
    }


def records_ensure(country: Country, sample: Sample, *, fresh: bool = False) -> IndicatorData:
    """The sample's records, created if any kind is short (or `fresh`), else only counted."""
    with tenant_context(country):
        counts = _counts(sample)
        expected = records_expected(sample)
        if not fresh and counts == expected:
            return IndicatorData(sum(counts.values()), counts, False, 0.0, 0.0)
        start = time.perf_counter()
        written = _create(sample, country)
        seconds = time.perf_counter() - start
        analyse = _analyse()
        if written != sum(expected.values()):
            raise RuntimeError(f"wrote {written:,} synthetic records, expected {sum(expected.values()):,}")
        return IndicatorData(written, _counts(sample), True, seconds, analyse)


def records_remove(sample: Sample) -> int:
    """Delete the sample's records: the kinds in reverse (a referral before the job seeker and vacancy it
    joins, an inspection before its workplace), a case's parts and own row before it, then the sample's
    rounds and workplaces."""
    removed = 0
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model, prefix, _count in reversed(kinds(sample)):
            ids = f"SELECT id FROM {Case._meta.db_table} WHERE reference LIKE %s"  # noqa: S608 - a model's table
            if model in PARTS:
                part, column = PARTS[model]
                cursor.execute(f"DELETE FROM {part._meta.db_table} WHERE {column} IN ({ids})", [f"{prefix}%"])  # noqa: S608
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE case_ptr_id IN ({ids})", [f"{prefix}%"])  # noqa: S608
            cursor.execute(f"DELETE FROM {Case._meta.db_table} WHERE reference LIKE %s", [f"{prefix}%"])  # noqa: S608
            removed += cursor.rowcount
        rounds = quote(RecruitmentRound._meta.db_table)
        cursor.execute(f"DELETE FROM {rounds} WHERE notes = %s", [round_note(sample)])  # noqa: S608
        employers = f"SELECT id FROM {Employer._meta.db_table} WHERE registration_number LIKE %s"  # noqa: S608
        cursor.execute(
            f"DELETE FROM {Workplace._meta.db_table} WHERE employer_id IN ({employers})",  # noqa: S608
            [f"{sample.prefix}%"],
        )
        removed += cursor.rowcount
    return removed


def _counts(sample: Sample) -> dict[str, int]:
    cases = Case.objects.filter
    return {
        **{
            prefix: cases(case_type=model._meta.label_lower, reference__startswith=prefix).count()
            for model, prefix, _count in kinds(sample)
        },
        "workplaces": _workplaces(sample).count(),
    }


def _workplaces(sample: Sample):
    return Workplace.objects.filter(employer__registration_number__startswith=sample.prefix)


def _codes(sample: Sample, country: Country) -> Codes:
    employers = list(
        Employer.objects.filter(registration_number__startswith=sample.prefix)
        .order_by("pk")
        .values_list("pk", "isic_id")
    )
    workplaces = list(_workplaces(sample).order_by("pk").values_list("pk", "employer_id"))
    if not employers or not workplaces:
        raise RuntimeError(
            f"{country.code} has no {sample.prefix} employers or workplaces: run employers_ensure"
        )
    countries = dict(Code.objects.filter(classification__key="iso3166").values_list("code", "pk"))
    national = country.code.upper()
    isco = Code.objects.filter(classification__key="isco08", level=4, active=True).order_by("code")
    rounds = RecruitmentRound.objects.filter(notes=round_note(sample)).order_by("pk")
    ids = dict(isco.values_list("code", "pk"))
    ranked = isco_ranked(list(ids), sample.random())
    return Codes(
        sample=sample,
        employers=employers,
        isic=_table("isic4", level=4),
        isco=list(isco.values_list("pk", flat=True)),
        isco_codes=dict(isco.values_list("pk", "code")),
        isco_ranked=[ids[code] for code in ranked],
        isco_weights=zipf_cumulative(len(ranked), ISCO_SKEW),
        workplaces=workplaces,
        categories=_table("complaint_category"),
        causes=_table("industrial_action_cause"),
        nationals=countries[national],
        foreign=[countries[code] for code in FOREIGN if code in countries and code != national],
        injury_types=_table("injury_type"),
        unions=list(TradeUnion.objects.order_by("pk").values_list("pk", flat=True)),
        reasons=_table("redundancy_reason"),
        request_types=_table(REQUEST_TYPES),
        destinations=[
            (countries[code], currency, earnings)
            for code, currency, earnings in DESTINATIONS.get(country.code, DESTINATIONS["kn"])
            if code in countries
        ],
        rounds=list(rounds.values_list("pk", "season")),
        districts=_table("district"),
    )


def _table(key: str, level: int | None = None) -> list[int]:
    codes = Code.objects.filter(classification__key=key, active=True)
    if level is not None:
        codes = codes.filter(level=level)
    return list(codes.order_by("code").values_list("pk", flat=True))


def _create(sample: Sample, country: Country) -> int:
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        records_remove(sample)
        draw = sample.random()
        written = _workplaces_write(cursor.cursor, sample, draw)
        _rounds_write(cursor.cursor, sample, now)
        codes = _codes(sample, country)
        for model, prefix, count in kinds(sample):
            records = MAKERS[model](codes, draw, count)
            numbered = 0
            while batch := list(islice(records, BATCH)):
                _write(cursor.cursor, model, f"{prefix}{{:07d}}", numbered, batch, now)
                numbered += len(batch)
            written += numbered
    return written


def _write(
    cursor, model: type[Case], reference: str, last: int, batch: list[Record], now: datetime.datetime
) -> None:
    """One batch of a kind: case ids from the cases' sequence, then the cases (numbered on from `last`
    into the `reference` pattern), their own rows and their parts."""
    numbered = list(zip(case_ids(cursor, len(batch)), batch, strict=True))
    cases = [
        {
            **record.case,
            "id": pk,
            "reference": reference.format(last + number),
            "created_at": now,
            "updated_at": now,
            "case_type": model._meta.label_lower,
            "version": 1,
        }
        for number, (pk, record) in enumerate(numbered, start=1)
    ]
    rows_copy(cursor, Case, cases, ids_given=True)
    rows_copy(cursor, model, [{**record.own, "case_ptr_id": pk} for pk, record in numbered], ids_given=True)
    if model in PARTS:
        part, column = PARTS[model]
        parts = [{**row, column: pk} for pk, record in numbered for row in record.parts]
        rows_copy(cursor, part, parts, ids_given=False)


def _workplaces_write(cursor, sample: Sample, rng: random.Random) -> int:
    """The sample employers' workplaces, recorded over the five years: the head office, and branches."""
    employers = list(
        Employer.objects.filter(registration_number__startswith=sample.prefix)
        .order_by("pk")
        .values_list("pk", "isic_id", "district_id")
    )
    if not employers:
        raise RuntimeError(f"no {sample.prefix} employers: run employers_ensure first")
    sites: dict[int, int] = {}
    rows = []
    for _number in range(sample.count(WORKPLACES)):
        employer, isic, district = rng.choice(employers)
        sites[employer] = sites.get(employer, 0) + 1
        recorded = datetime.datetime.combine(
            _day(rng), datetime.time(rng.randint(8, 16), rng.randint(0, 59)), tzinfo=datetime.UTC
        )
        rows.append(
            {
                "employer_id": employer,
                "name": "Head office" if sites[employer] == 1 else f"Branch {sites[employer]}",
                "isic_id": isic,
                "district_id": district,
                "workers_women": int(rng.expovariate(1 / 8)),
                "workers_men": int(rng.expovariate(1 / 9)),
                "workers_as_of": recorded.date(),
                "active": rng.random() >= 0.1,
                "created_at": recorded,
            }
        )
    rows_copy(cursor, Workplace, rows, ids_given=False)
    return len(rows)


def _rounds_write(cursor, sample: Sample, now: datetime.datetime) -> None:
    """A closed round a season and programme: applications in January and February."""
    countries = dict(Code.objects.filter(classification__key="iso3166").values_list("code", "pk"))
    rows = [
        {
            "season": season,
            "destination_id": countries[destination],
            "programme": programme,
            "opens_on": datetime.date(season, 1, 5),
            "closes_on": datetime.date(season, 2, 28),
            "places": sample.count(2_000),
            "currency": currency,
            "status": "closed",
            "notes": round_note(sample),
            "created_at": now,
        }
        for season in YEARS
        for destination, programme, currency in PROGRAMMES
    ]
    rows_copy(cursor, RecruitmentRound, rows, ids_given=False)


def _day(rng: random.Random, months: tuple[int, ...] = EVEN) -> datetime.date:
    """A day of YEARS: any year, the month by its weight, any day of it."""
    year = rng.choice(YEARS)
    month = rng.choices(range(1, 13), weights=months)[0]
    return datetime.date(year, month, rng.randint(1, calendar.monthrange(year, month)[1]))


def _after(day: datetime.date, rng: random.Random, most: int) -> datetime.date:
    return day + datetime.timedelta(days=rng.randint(1, most))


def _person(rng: random.Random) -> tuple[str, str]:
    sex = "F" if rng.random() < 0.45 else "M"
    return sex, f"{rng.choice(WOMEN if sex == 'F' else MEN)} {rng.choice(SURNAMES)}"


def _occupation(codes: Codes, rng: random.Random) -> int:
    """A unit group by the long tail of clmis.synthetic.matching: a few occupations common, most rare."""
    return rng.choices(codes.isco_ranked, cum_weights=codes.isco_weights)[0]


def _nationality(codes: Codes, rng: random.Random) -> int | None:
    roll = rng.random()
    if roll < 0.05:
        return None
    return rng.choice(codes.foreign) if roll < 0.05 + MIGRANT_SHARE else codes.nationals


def _complaint(codes: Codes, rng: random.Random) -> Record:
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
    return Record(_case(status, opened, closed=status in ("settled", "referred", "withdrawn")), own)


def _accident(codes: Codes, rng: random.Random) -> Record:
    occurred = _day(rng, SEASONS[Accident])
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
        "occupation_id": _occupation(codes, rng),
        "employer_id": employer,
        "isic_id": isic if rng.random() < 0.97 else None,
        "occurred_on": occurred,
        "is_disease": disease,
        "fatal": fatal,
        "injury_type_id": rng.choice(codes.injury_types),
        "days_lost": 0 if fatal else int(rng.expovariate(1 / 12)),
    }
    status = rng.choices(("notified", "investigating", "closed"), (10, 15, 75))[0]
    return Record(_case(status, occurred, closed=status == "closed"), own)


def _inspection(codes: Codes, rng: random.Random) -> Record:
    opened = _day(rng, SEASONS[Inspection])
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
    return Record(_case(status, opened, closed=status in ("closed", "cancelled")), own)


def _work_permit(codes: Codes, rng: random.Random) -> Record:
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
        "occupation_id": _occupation(codes, rng),
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
    return Record(_case(status, opened, closed=status in ("approved", "refused", "withdrawn")), own)


def _industrial_action(codes: Codes, rng: random.Random) -> Record:
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
    return Record(_case(status, started, closed=status in ("ended", "withdrawn")), own)


def _dispute(codes: Codes, rng: random.Random) -> Record:
    """A union's dispute (most), or a group of unorganised workers'; most settled in conciliation."""
    reported = _day(rng)
    status = rng.choices(
        ("reported", "conciliation", "settled", "partly", "referred", "withdrawn"), (3, 7, 45, 15, 15, 15)
    )[0]
    union = rng.choice(codes.unions) if codes.unions and rng.random() < 0.6 else None
    referral = rng.choice(("tribunal", "arbitration")) if status == "referred" else ""
    settled = status in SETTLED_STATES
    own = {
        "employer_id": rng.choice(codes.employers)[0],
        "union_id": union,
        "workers_description": "" if union else rng.choice(WORKER_GROUPS),
        "workers_involved": rng.randint(5, 300) if union else rng.randint(3, 40),
        "reported_on": reported,
        "referral": referral,
        "outcome": str(OUTCOME_OF_STATE.get(status, referral)),
        "settled_on": _after(reported, rng, 90) if settled else None,
        "terms": "Terms agreed in conciliation." if settled else "",
    }
    registered = reported + datetime.timedelta(days=rng.randint(0, 3))
    return Record(_case(status, registered, closed=status not in ("reported", "conciliation")), own)


def _redundancy(codes: Codes, rng: random.Random) -> Record:
    """A handful to a few dozen workers of one to four occupations, as on a small island."""
    notified = _day(rng)
    groups = []
    for occupation in rng.sample(codes.isco, rng.choice((1, 1, 1, 2, 2, 3, 4))):
        women = int(rng.expovariate(1 / 5))
        men = max(int(rng.expovariate(1 / 6)), 0 if women else 1)
        groups.append({"occupation_id": occupation, "women": women, "men": men})
    workers = sum(group["women"] + group["men"] for group in groups)
    status = rng.choices(("notified", "under_review", "concluded", "withdrawn"), (4, 8, 78, 10))[0]
    own = {
        "employer_id": rng.choice(codes.employers)[0],
        "notified_on": notified,
        "effective_on": notified + datetime.timedelta(days=rng.choice((14, 30, 30, 60, 90))),
        "reason_id": rng.choice(codes.reasons),
        "severance_total": Decimal(workers * 3200) if rng.random() < 0.8 else None,
        "concluded_on": _after(notified, rng, 60) if status == "concluded" else None,
        "women_affected": sum(group["women"] for group in groups),
        "men_affected": sum(group["men"] for group in groups),
    }
    registered = notified + datetime.timedelta(days=rng.randint(0, 2))
    return Record(_case(status, registered, closed=status in ("concluded", "withdrawn")), own, groups)


def _assistance_request(codes: Codes, rng: random.Random) -> Record:
    """A national abroad asking for help; somewhat under half give both the recruitment cost and the
    first month's earnings (SDG 10.7.1), a cost of about two thirds of a month's pay, often more."""
    opened = _day(rng)
    destination, currency, earnings = rng.choice(codes.destinations)
    sex, name = _person(rng)
    status = rng.choices(("received", "in_progress", "closed", "withdrawn"), (4, 12, 72, 12))[0]
    closed = status == "closed"
    known = rng.random() < 0.45
    earned = Decimal(round(earnings * rng.uniform(0.6, 1.6))) if known else None
    share = Decimal(f"{rng.lognormvariate(-0.4, 0.7):.4f}")
    own = {
        "person_name": name,
        "person_sex": sex,
        "birth_date": opened - datetime.timedelta(days=rng.randint(20 * 365, 55 * 365)),
        "nationality_id": codes.nationals,
        "occupation_id": _occupation(codes, rng),
        "destination_id": destination,
        "request_type_id": rng.choice(codes.request_types),
        "departed_on": opened - datetime.timedelta(days=rng.randint(10, 900)) if rng.random() < 0.8 else None,
        "still_abroad": rng.random() < 0.6,
        "recruitment_cost": (earned * share).quantize(Decimal("0.01")) if earned else None,
        "monthly_earnings": earned,
        "currency": currency if known else "",
        "outcome": rng.choice(AssistanceOutcome.values) if closed else "",
        "outcome_notes": "Outcome recorded." if closed else "",
    }
    return Record(_case(status, opened, closed=status in ("closed", "withdrawn")), own)


def _farm_worker(codes: Codes, rng: random.Random) -> Record:
    """An application to a season's round: about half go (from March to July) and come back."""
    round_id, season = rng.choice(codes.rounds)
    applied = datetime.date(season, 1, 5) + datetime.timedelta(days=rng.randint(0, 54))
    status = rng.choices(
        ("returned", "did_not_return", "departed", "rejected", "withdrawn"), (52, 3, 1, 34, 10)
    )[0]
    went = status in ("returned", "did_not_return", "departed")
    departed = datetime.date(season, 3, 1) + datetime.timedelta(days=rng.randint(0, 150)) if went else None
    returned = departed + datetime.timedelta(days=rng.randint(60, 240)) if status == "returned" else None
    sex = "F" if rng.random() < 0.12 else "M"
    own = {
        "round_id": round_id,
        "name": f"{rng.choice(WOMEN if sex == 'F' else MEN)} {rng.choice(SURNAMES)}",
        "sex": sex,
        "birth_date": applied - datetime.timedelta(days=rng.randint(21 * 365, 50 * 365)),
        "district_id": rng.choice(codes.districts),
        **dict.fromkeys(CHECKLIST, went),
        "employer_abroad": rng.choice(FARMS) if went else "",
        "departed_on": departed,
        "returned_on": returned,
        "earnings_reported": Decimal(rng.randint(40, 160) * 100) if returned and rng.random() < 0.7 else None,
    }
    return Record(_case(status, applied, closed=status != "departed", on=returned or departed), own)


def _vacancy(codes: Codes, rng: random.Random) -> Record:
    """A vacancy of one of the sample's employers, open two to eight weeks: filled, closed or cancelled
    since (the posts filled as its state says, not counted from the referrals)."""
    opened = _day(rng, SEASONS[Vacancy])
    posts = rng.choice((1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 5))
    closes = opened + datetime.timedelta(days=rng.randint(14, 60))
    status = rng.choices(("filled", "closed", "cancelled"), (30, 60, 10))[0]
    own = {
        "employer_id": rng.choice(codes.employers)[0],
        "title": "Worker",
        "occupation_id": _occupation(codes, rng),
        "posts": posts,
        "posts_filled": posts if status == "filled" else 0,
        "contract": rng.choice(("permanent", "permanent", "fixed_term", "seasonal", "casual")),
        "hours": "full_time" if rng.random() < 0.85 else "part_time",
        "closes_on": closes,
        "closing_reason": {"closed": "date_passed", "cancelled": "not_needed"}.get(status, ""),
    }
    return Record(_case(status, opened, closed=True, on=closes), own)


def _job_seeker(codes: Codes, rng: random.Random) -> Record:
    """A registration that has ended since: lapsed (a third renewed once first), placed within its
    life, or withdrawn; more young people than old look for work."""
    opened = _day(rng, SEASONS[JobSeeker])
    sex = "F" if rng.random() < 0.5 else "M"
    age = int(16 + 48 * rng.random() ** 1.6)
    renewed = opened + datetime.timedelta(days=rng.randint(120, 150)) if rng.random() < 0.3 else opened
    status = rng.choices(("lapsed", "placed", "withdrawn"), (75, 17, 8))[0]
    placed = renewed + datetime.timedelta(days=rng.randint(7, LAPSE_DAYS - 1)) if status == "placed" else None
    ended = {
        "lapsed": renewed + datetime.timedelta(days=LAPSE_DAYS),
        "placed": placed,
        "withdrawn": _after(opened, rng, 170),
    }[status]
    occupation = _occupation(codes, rng)
    own = {
        "first_name": rng.choice(WOMEN if sex == "F" else MEN),
        "family_name": rng.choice(SURNAMES),
        "sex": sex,
        "birth_date": opened - datetime.timedelta(days=age * 365 + rng.randint(0, 364)),
        "nationality_id": _nationality(codes, rng),
        "district_id": rng.choice(codes.districts),
        "first_occupation_id": occupation,
        "occupation_codes": codes.isco_codes[occupation],
        "hours": rng.choice(("full_time", "full_time", "either", "part_time")),
        "available_from": opened,
        "renewed_on": renewed,
        "placed_on": placed,
    }
    return Record(_case(status, opened, closed=True, on=ended), own)


def _referrals(codes: Codes, rng: random.Random, count: int) -> Iterator[Record]:
    """The referral of every placed job seeker to a vacancy filled by then (opened in the four months
    before the job started), then referrals that ended otherwise, to any vacancy opened in the four
    months before the registration ended. Drawn from the job seekers and vacancies written before them.
    At the smallest scales there may be more placed job seekers than referrals, or no filled vacancy:
    then the first placed have theirs, to any vacancy."""
    prefixes = {model: prefix for model, prefix, _count in kinds(codes.sample)}
    vacancies = list(
        Vacancy.objects.filter(reference__startswith=prefixes[Vacancy])
        .order_by("opened_on", "pk")
        .values_list("pk", "opened_on", "status")
    )
    filled = [(pk, opened) for pk, opened, status in vacancies if status == "filled"] or [
        (pk, opened) for pk, opened, _status in vacancies
    ]
    filled_days, opening_days = [opened for _pk, opened in filled], [vacancy[1] for vacancy in vacancies]
    job_seekers = list(
        JobSeeker.objects.filter(reference__startswith=prefixes[JobSeeker])
        .order_by("pk")
        .values_list("pk", "opened_on", "closed_on", "placed_on")
    )
    placed = [(pk, opened, placed_on) for pk, opened, _ended, placed_on in job_seekers if placed_on][:count]
    referred: set[tuple[int, int]] = set()
    for job_seeker, registered, started in placed:
        vacancy, opened = _opened_before(filled, filled_days, started, rng)
        referred.add((job_seeker, vacancy))
        referral = min(max(registered, opened) + datetime.timedelta(days=rng.randint(0, 10)), started)
        own = {
            "job_seeker_id": job_seeker,
            "referred_to_id": vacancy,
            "score": rng.randint(40, 100),
            "interview_on": referral + datetime.timedelta(days=(started - referral).days // 2),
            "placed_on": started,
        }
        yield Record(_case("placed", referral, closed=True, on=started), own)
    for _number in range(count - len(placed)):
        while True:
            job_seeker, registered, ended, _placed_on = rng.choice(job_seekers)
            vacancy, opened = _opened_before(vacancies, opening_days, ended, rng)
            if (job_seeker, vacancy) not in referred:
                break
        referred.add((job_seeker, vacancy))
        status = rng.choices(("not_hired", "withdrawn", "referred", "interview"), (60, 25, 10, 5))[0]
        referral = max(registered, opened) + datetime.timedelta(days=rng.randint(0, 10))
        own = {
            "job_seeker_id": job_seeker,
            "referred_to_id": vacancy,
            "score": rng.randint(20, 100),
            "interview_on": _after(referral, rng, 14) if status in ("not_hired", "interview") else None,
            "not_hired": rng.choice(NotHired.values) if status == "not_hired" else "",
        }
        closed = status in ("not_hired", "withdrawn")
        yield Record(_case(status, referral, closed=closed, on=_after(referral, rng, 30)), own)


def _opened_before(
    vacancies: list[tuple], days: list[datetime.date], day: datetime.date, rng: random.Random
) -> tuple[int, datetime.date]:
    """A vacancy (id, opened on; `days` their opening days, in order) opened in the four months up to
    `day`, the earliest if none was."""
    last = bisect.bisect_right(days, day)
    first = bisect.bisect_left(days, day - datetime.timedelta(days=120))
    vacancy = vacancies[rng.randrange(first, last)] if first < last else vacancies[0]
    return vacancy[0], vacancy[1]


# The records of a kind: (codes, the random draw, how many) -> each record.
Draw = Callable[[Codes, random.Random, int], Iterator[Record]]


def _each(make: Callable[[Codes, random.Random], Record]) -> Draw:
    """A kind whose records are drawn one by one, each on its own."""
    return lambda codes, rng, count: (make(codes, rng) for _number in range(count))


MAKERS: dict[type[Case], Draw] = {
    Complaint: _each(_complaint),
    Accident: _each(_accident),
    Inspection: _each(_inspection),
    WorkPermit: _each(_work_permit),
    IndustrialAction: _each(_industrial_action),
    Dispute: _each(_dispute),
    Redundancy: _each(_redundancy),
    AssistanceRequest: _each(_assistance_request),
    FarmWorker: _each(_farm_worker),
    Vacancy: _each(_vacancy),
    JobSeeker: _each(_job_seeker),
    JobReferral: _referrals,
}


def _case(status: str, opened: datetime.date, *, closed: bool, on: datetime.date | None = None) -> dict:
    """The case row: closed `on` a day (the day it was opened if not said) when its state is closed."""
    return {"status": status, "opened_on": opened, "closed_on": (on or opened) if closed else None}


def _analyse() -> float:
    return tables_analyse(
        (Case, *(model for model, _suffix, _count in KINDS), AffectedGroup, RecruitmentRound, Workplace)
    )
