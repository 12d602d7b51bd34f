"""Synthetic job seekers and vacancies open today: 100,000 and 20,000 at scale 1, what matching ranks.

Ranking is slow or fast at the size of a country's register, not at the sixty demo job seekers, so a
country gets a realistic population: ISCO-08 unit groups drawn with a long tail (a few occupations are sought
and offered a lot, most rarely), one to three occupations sought, most of them related, skills that go
with the work, English and sometimes another language, schooling that goes with the occupation, past
jobs (months of experience), every district, ~30% naming districts they would work in, some willing to
move, some available only later, the hours they want. Every vacancy belongs to one of the sample's
employers (clmis.synthetic.employers), in its district. The rows are marked by their reference (the
sample's prefix: BENCH-JS-000001..., BENCH-VAC-00001...), so they are recognised, counted and removed;
the rest of the country is never touched.

Job seekers and vacancies are case types, each a table of its own joined to the cases table
(multi-table inheritance), which bulk_create cannot write; so every table is written by COPY, in
batches, in one transaction, with the case ids taken from the cases' own sequence. The product's
services would also number each case through its counter, write a timeline event and an audit record
per row and refresh the profile with a query per row: synthetic data needs none of that, and it would
make setting up take many minutes. The matching profile (match_occupations, match_skills,
match_languages, experience_months) and the readable code lists are filled here as the services fill
them (see modules/job_seekers/services.py _profile_refresh and _readable, and modules/vacancies/
services.py _code_lists), from the same many-to-many links and work experience that are written.
"""

import datetime
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice

from django.db import connection, models, transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from clmis.synthetic.employers import SURNAMES
from clmis.synthetic.tables import Sample, case_ids, rows_copy, tables_analyse, zipf_cumulative
from modules.casework.models import Case
from modules.employers.models import Employer
from modules.job_seekers.demo import MEN, WOMEN
from modules.job_seekers.models import Experience, JobSeeker
from modules.job_seekers.services import experience_months
from modules.reference.models import Code
from modules.vacancies.models import Vacancy
from tenants.models import Country

# At scale 1.
JOB_SEEKERS = 100_000
VACANCIES = 20_000
BATCH = 5_000
# The unit groups sought most by the demo's job seekers and offered most by its vacancies, most common
# first: elementary, service and sales, and craft work of a small island economy. The rest follow in
# a shuffled order, so the tail is spread over every major group.
COMMON_ISCO = (
    *("9112", "5223", "9211", "5120", "9313", "5131", "9412", "7112", "5230", "9621", "7115", "8322"),
    *("9329", "5141", "9111", "4110", "7411", "5311", "9333", "7126", "4226", "5414", "5322", "7231"),
    *("6111", "3221", "8332", "4311", "7212", "5321", "2221", "7512", "4224", "5151", "4321", "9334"),
)
# Zipf exponent of the unit groups: the most common ~11% of the occupations drawn, half of them in the
# 25 most common, more than half of the unit groups under 0.1% each (as the ISIC classes of employers).
ISCO_SKEW = 0.9
# Skills that go with the work, by ISCO major group (the demo's, and some for managers and the forces).
SKILLS_BY_MAJOR = {
    "0": ("DRIVING", "FIRST_AID", "MACHINERY"),
    "1": ("COMPUTER", "BOOKKEEPING", "CUSTOMER"),
    "2": ("COMPUTER", "FIRST_AID", "BOOKKEEPING"),
    "3": ("COMPUTER", "FIRST_AID", "CARE", "ELECTRICAL"),
    "4": ("COMPUTER", "BOOKKEEPING", "CUSTOMER"),
    "5": ("CUSTOMER", "FOOD_HYGIENE", "CARE", "COMPUTER", "FIRST_AID", "DRIVING"),
    "6": ("FARMING", "MACHINERY", "DRIVING"),
    "7": ("WELDING", "ELECTRICAL", "PLUMBING", "CARPENTRY", "MASONRY", "MACHINERY"),
    "8": ("DRIVING", "HEAVY_VEHICLE", "MACHINERY"),
    "9": ("FIRST_AID", "FARMING", "MACHINERY", "DRIVING", "FOOD_HYGIENE"),
}
# ISCED levels completed (codes of the education_level table), by major group of the main occupation.
SCHOOLING_BY_MAJOR = {
    "1": ("4", "5", "6", "6", "7"),
    "2": ("6", "6", "6", "7", "7", "8"),
    "3": ("4", "5", "5", "6"),
    "4": ("3", "3", "3", "4", "5"),
}
SCHOOLING = ("X", "1", "1", "2", "2", "3", "3", "3", "3", "4")
# Languages spoken besides English in Saint Kitts and Nevis, with how often (migrants from the
# Dominican Republic, Haiti and the French islands, a few from further away).
OTHER_LANGUAGES = (("es", 0.08), ("fr", 0.04), ("ht", 0.03), ("pt", 0.01), ("zh", 0.01), ("hi", 0.01))
VACANCY_LANGUAGES = ((), (), (), ("en",), ("en",), ("en",), ("en",), ("en", "es"), ("en", "fr"))
MIGRANT_ORIGINS = ("GY", "JM", "DM", "DO", "HT")
# Registrations not renewed within this many days lapse (RegistrationRules' default): all stay active.
LAPSE_DAYS = 180
PREFERRING_SHARE = 0.30
RELOCATING_SHARE = 0.25
EMPLOYER_NAMES = ("Bayside Stores", "Island Haulage", "Frigate Bay Resort", "Basseterre Hardware")


def job_seeker_prefix(sample: Sample) -> str:
    return f"{sample.prefix}JS-"


def vacancy_prefix(sample: Sample) -> str:
    return f"{sample.prefix}VAC-"


@dataclass(frozen=True)
class MatchingData:
    """The sample's job seekers and vacancies in a country, and what creating them cost in this run."""

    job_seekers: int
    vacancies: int
    created: bool
    rows_written: int
    seconds: float
    analyse_seconds: float
    unit_groups: int
    districts: int
    preferring: int
    experienced: int


@dataclass(frozen=True)
class Codes:
    """The reference codes the rows are coded with, by code (ids), and the unit groups by rank."""

    isco: dict[str, int]
    isco_titles: dict[str, str]
    isco_ranked: list[str]
    skills: dict[str, int]
    languages: dict[str, int]
    education: dict[str, int]
    districts: list[Code]
    nationalities: dict[str, int]
    national: str  # the country's own ISO code, the nationality of most


@dataclass(frozen=True)
class Rows:
    """What one batch writes, table by table (a model and its rows as {attname: value})."""

    tables: list[tuple[type[models.Model], list[dict]]]

    @property
    def count(self) -> int:
        return sum(len(rows) for _model, rows in self.tables)


def matching_ensure(country: Country, sample: Sample, *, fresh: bool = False) -> MatchingData:
    """Create the sample's job seekers and vacancies unless all are there, then refresh statistics.

    All or nothing: when a count is off (an earlier run interrupted, records changed by hand) or with
    `fresh`, every row of the sample is removed and all are created again, from the same seed.
    """
    with tenant_context(country):
        codes = _codes(sample, country)
        created, rows, seconds, analyse_seconds = False, 0, 0.0, 0.0
        if fresh or not _complete(sample):
            start = time.perf_counter()
            rows = _create(sample, codes, _employers(sample, country))
            seconds = time.perf_counter() - start
            analyse_seconds = _analyse()
            created = True
        ours = JobSeeker.objects.filter(reference__startswith=job_seeker_prefix(sample))
        return MatchingData(
            job_seekers=ours.filter(status="active").count(),
            vacancies=Vacancy.objects.filter(
                reference__startswith=vacancy_prefix(sample), status="open"
            ).count(),
            created=created,
            rows_written=rows,
            seconds=seconds,
            analyse_seconds=analyse_seconds,
            unit_groups=len(codes.isco),
            districts=len(codes.districts),
            preferring=ours.filter(preferred_districts__isnull=False).distinct().count(),
            experienced=ours.filter(experience_months__gt=0).count(),
        )


def matching_remove(sample: Sample) -> int:
    """Delete the sample's job seekers and vacancies (only those) in the current schema, links first."""
    deleted = 0
    with connection.cursor() as cursor:
        for model, prefix in ((JobSeeker, job_seeker_prefix(sample)), (Vacancy, vacancy_prefix(sample))):
            ids = f"SELECT id FROM {Case._meta.db_table} WHERE reference LIKE %s"  # noqa: S608 - a model's table
            for table, column in _dependants(model):
                cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({ids})", [f"{prefix}%"])  # noqa: S608
            cursor.execute(f"DELETE FROM {Case._meta.db_table} WHERE reference LIKE %s", [f"{prefix}%"])  # noqa: S608
            deleted += cursor.rowcount
    return deleted


def _dependants(model: type[models.Model]) -> list[tuple[str, str]]:
    """The tables holding a synthetic case's rows, with the column naming it: links, experience, itself."""
    tables = [(field.remote_field.through._meta.db_table, field.m2m_column_name()) for field in _links(model)]
    if model is JobSeeker:
        tables.append((Experience._meta.db_table, Experience._meta.get_field("job_seeker").column))
    return [*tables, (model._meta.db_table, model._meta.pk.column)]


def _links(model: type[models.Model]) -> list[models.ManyToManyField]:
    return list(model._meta.local_many_to_many)


def _complete(sample: Sample) -> bool:
    """All the sample's rows there, as created: every job seeker active, every vacancy open."""
    job_seekers = JobSeeker.objects.filter(reference__startswith=job_seeker_prefix(sample))
    vacancies = Vacancy.objects.filter(reference__startswith=vacancy_prefix(sample))
    return job_seekers.count() == job_seekers.filter(status="active").count() == sample.count(
        JOB_SEEKERS
    ) and vacancies.count() == vacancies.filter(status="open").count() == sample.count(VACANCIES)


def _codes(sample: Sample, country: Country) -> Codes:
    isco = Code.objects.filter(classification__key="isco08", level=4, active=True).order_by("code")
    districts = list(Code.objects.filter(classification__key="district", active=True).order_by("code"))
    if not isco or not districts:
        raise RuntimeError(f"{country.code} has no ISCO unit groups or districts: the demo data did not load")
    by_code = {code.code: code.pk for code in isco}
    return Codes(
        isco=by_code,
        isco_titles={code.code: code.title for code in isco},
        isco_ranked=isco_ranked(list(by_code), sample.random()),
        skills=_table("skill"),
        languages=_table("language"),
        education=_table("education_level"),
        districts=districts,
        nationalities=_table("iso3166"),
        national=country.code.upper(),
    )


def _table(key: str) -> dict[str, int]:
    return dict(Code.objects.filter(classification__key=key, active=True).values_list("code", "pk"))


def isco_ranked(unit_groups: list[str], rng: random.Random) -> list[str]:
    """The unit groups from most to least common: the demo's common occupations first, the rest shuffled."""
    common = [code for code in COMMON_ISCO if code in unit_groups]
    rest = [code for code in unit_groups if code not in COMMON_ISCO]
    rng.shuffle(rest)
    return common + rest


def _employers(sample: Sample, country: Country) -> list[tuple[int, int | None]]:
    """The sample's employers still in business, with their district: those who notify vacancies."""
    employers = list(
        Employer.objects.filter(registration_number__startswith=sample.prefix, active=True)
        .order_by("pk")
        .values_list("pk", "district_id")
    )
    if not employers:
        raise RuntimeError(f"{country.code} has no {sample.prefix} employers: run employers_ensure first")
    return employers


def _create(sample: Sample, codes: Codes, employers: list[tuple[int, int | None]]) -> int:
    """Remove what is left of the sample's rows and write them all, in one transaction (all or nothing)."""
    today = timezone.localdate()
    now = timezone.now()
    written = 0
    seekers, openings = sample.count(JOB_SEEKERS), sample.count(VACANCIES)
    with transaction.atomic(), connection.cursor() as cursor:
        matching_remove(sample)
        draw = sample.random()
        occupations = iter(_occupation_draws(codes, draw, seekers + openings))
        job_seekers = (
            _job_seeker(sample, number, codes, draw, next(occupations), today)
            for number in range(1, seekers + 1)
        )
        vacancies = (
            _vacancy(sample, number, codes, draw, next(occupations), employers, today)
            for number in range(1, openings + 1)
        )
        for people in (job_seekers, vacancies):
            while batch := list(islice(people, BATCH)):
                written += _write(cursor.cursor, batch, now)
    return written


def _occupation_draws(codes: Codes, rng: random.Random, count: int) -> list[str]:
    """The main unit group of every job seeker, then every vacancy's, drawn by the long tail in one go."""
    cumulative = zipf_cumulative(len(codes.isco_ranked), ISCO_SKEW)
    return rng.choices(codes.isco_ranked, cum_weights=cumulative, k=count)


@dataclass
class Person:
    """One synthetic case being drawn: its case row, its own row, its links and (job seekers) past jobs."""

    case: dict
    own: dict
    links: dict[str, list[int]]
    experience: list[dict]


def _job_seeker(
    sample: Sample, number: int, codes: Codes, rng: random.Random, main: str, today: datetime.date
) -> Person:
    """A job seeker registered in the past two years and active (renewed within the lapse period)."""
    sex = "F" if rng.random() < 0.5 else "M"
    age = int(16 + 48 * rng.random() ** 1.6)  # when registering: more young people than old look for work
    opened = today - datetime.timedelta(days=rng.randint(0, 720))
    sought = _sought(main, codes, rng)
    skills = sorted(rng.sample(SKILLS_BY_MAJOR[main[0]], k=rng.choice((0, 1, 1, 2, 2, 3))))
    languages = _languages(rng)
    district = rng.choice(codes.districts)
    preferred = _preferred(codes, rng)
    jobs = _jobs(sought[0], codes, rng, today)
    schooling = rng.choice(SCHOOLING_BY_MAJOR.get(main[0], SCHOOLING)) if rng.random() >= 0.05 else None
    migrant = rng.random() < 0.1
    own = {
        "first_name": rng.choice(WOMEN if sex == "F" else MEN),
        "family_name": rng.choice(SURNAMES),
        "nis_number": f"{sample.prefix}{number:06d}" if rng.random() < 0.75 else "",
        "sex": sex,
        "birth_date": opened - datetime.timedelta(days=age * 365 + rng.randint(0, 364)),
        "nationality_id": codes.nationalities.get(rng.choice(MIGRANT_ORIGINS) if migrant else codes.national),
        "district_id": district.pk,
        "city": district.title.split()[-1],
        "phone": f"+1 869 6{rng.randint(10, 99)}-{rng.randint(1000, 9999)}",
        "education_level_id": codes.education[schooling] if schooling else None,
        "first_occupation_id": codes.isco[sought[0]],
        "occupation_codes": ", ".join(sought),
        "skill_codes": ", ".join(skills),
        "language_codes": ", ".join(languages),
        "district_codes": ", ".join(sorted(code.code for code in preferred)),
        "hours": rng.choice(("full_time", "full_time", "full_time", "either", "either", "part_time")),
        "willing_to_relocate": rng.random() < RELOCATING_SHARE,
        "willing_to_work_abroad": rng.random() < 0.2,
        "available_from": _available_from(rng, opened, today),
        "renewed_on": _renewed_on(rng, opened, today),
        # The profile as _profile_refresh writes it: sought first, then past jobs' occupations, latest first.
        "match_occupations": list(dict.fromkeys([*sought, *(job["code"] for job in jobs)])),
        "match_skills": skills,
        "match_languages": languages,
        "experience_months": experience_months([(j["started_on"], j["ended_on"]) for j in jobs], today=today),
    }
    return Person(
        case=_case(JobSeeker, f"{job_seeker_prefix(sample)}{number:06d}", "active", opened),
        own=own,
        links={
            "occupations": [codes.isco[code] for code in sought],
            "skills": [codes.skills[code] for code in skills],
            "languages": [codes.languages[code] for code in languages],
            "preferred_districts": [code.pk for code in preferred],
        },
        experience=[{key: value for key, value in job.items() if key != "code"} for job in jobs],
    )


def _sought(main: str, codes: Codes, rng: random.Random) -> list[str]:
    """One to three unit groups, the main one first: the others mostly of the same kind of work (the
    same sub-major group), the rest anything; in the order the officer gave them (main, then by code)."""
    count = rng.choice((1, 1, 1, 2, 2, 3))
    related = [code for code in codes.isco if code[:2] == main[:2] and code != main]
    others: set[str] = set()
    while len(others) < count - 1:
        pool = related if related and rng.random() < 0.7 else codes.isco_ranked[:80]
        choice = rng.choice(pool)
        if choice != main:
            others.add(choice)
    return [main, *sorted(others)]


def _languages(rng: random.Random) -> list[str]:
    spoken = {"en"} if rng.random() < 0.97 else set()
    spoken.update(code for code, share in OTHER_LANGUAGES if rng.random() < share)
    return sorted(spoken or {"es"})


def _preferred(codes: Codes, rng: random.Random) -> list[Code]:
    if rng.random() >= PREFERRING_SHARE:
        return []
    count = min(rng.choice((1, 1, 2, 3)), len(codes.districts))  # a country may have only one or two
    return sorted(rng.sample(codes.districts, k=count), key=lambda code: code.code)


def _available_from(rng: random.Random, opened: datetime.date, today: datetime.date) -> datetime.date | None:
    """A quarter said nothing, most were available when they registered, a tenth only from a later day."""
    roll = rng.random()
    if roll < 0.25:
        return None
    if roll < 0.9:
        return opened
    return today + datetime.timedelta(days=rng.randint(7, 120))


def _renewed_on(rng: random.Random, opened: datetime.date, today: datetime.date) -> datetime.date:
    """Registered within the country's lapse period (180 days by default), or renewed within it since."""
    if (today - opened).days < LAPSE_DAYS:
        return opened
    return today - datetime.timedelta(days=rng.randint(0, LAPSE_DAYS - 1))


def _jobs(main: str, codes: Codes, rng: random.Random, today: datetime.date) -> list[dict]:
    """None to two past jobs, latest first (the order of Experience): mostly in the main occupation."""
    jobs = []
    end = today - datetime.timedelta(days=rng.randint(30, 900))
    for _number in range(rng.choice((0, 1, 1, 1, 2, 2))):
        start = end - datetime.timedelta(days=rng.randint(120, 2400))
        code = main if rng.random() < 0.75 else rng.choice(codes.isco_ranked[:120])
        jobs.append(
            {
                "code": code,
                "occupation_id": codes.isco[code],
                "employer_name": rng.choice(EMPLOYER_NAMES),
                "started_on": start,
                "ended_on": end,
            }
        )
        end = start - datetime.timedelta(days=rng.randint(30, 400))
    return jobs


def _vacancy(
    sample: Sample,
    number: int,
    codes: Codes,
    rng: random.Random,
    occupation: str,
    employers: Sequence[tuple[int, int | None]],
    today: datetime.date,
) -> Person:
    """An open vacancy of one of the sample's employers, in its district, opened in the last two months."""
    employer, district = rng.choice(employers)
    opened = today - datetime.timedelta(days=rng.randint(0, 60))
    closes = opened + datetime.timedelta(days=rng.randint(14, 60))
    skills = sorted(rng.sample(SKILLS_BY_MAJOR[occupation[0]], k=rng.choice((0, 0, 1, 1, 2, 3))))
    languages = list(rng.choice(VACANCY_LANGUAGES))
    schooling = rng.choice(SCHOOLING_BY_MAJOR.get(occupation[0], SCHOOLING)) if rng.random() < 0.55 else None
    wage = rng.randint(16, 60) * 100 if rng.random() < 0.6 else None
    own = {
        "employer_id": employer,
        "title": codes.isco_titles[occupation][:200],
        "occupation_id": codes.isco[occupation],
        "posts": rng.choice((1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 5)),
        "district_id": district,
        "education_level_id": codes.education[schooling] if schooling else None,
        "experience_years": rng.choice((None, None, None, None, 0, 1, 1, 2, 2, 3, 5)),
        "wage_min": wage,
        "wage_max": wage + 400 if wage else None,
        "wage_period": "month" if wage else "",
        "contract": rng.choice(("permanent", "permanent", "fixed_term", "seasonal", "casual")),
        "hours": "full_time" if rng.random() < 0.85 else "part_time",
        "closes_on": closes,
        "starts_on": closes + datetime.timedelta(days=rng.randint(0, 45)) if rng.random() < 0.7 else None,
        # As vacancy_register's _code_lists writes them: the codes found, ordered by code.
        "match_skills": skills,
        "match_languages": sorted(languages),
    }
    return Person(
        case=_case(Vacancy, f"{vacancy_prefix(sample)}{number:05d}", "open", opened),
        own=own,
        links={
            "skills": [codes.skills[code] for code in skills],
            "languages": [codes.languages[code] for code in languages],
        },
        experience=[],
    )


def _case(model: type[Case], reference: str, status: str, opened: datetime.date) -> dict:
    return {
        "case_type": model._meta.label_lower,
        "reference": reference,
        "status": status,
        "opened_on": opened,
        "version": 1,
    }


def _write(cursor, people: list[Person], now: datetime.datetime) -> int:
    """One batch: case ids from the cases' sequence, then each table by COPY."""
    model = JobSeeker if people[0].case["case_type"] == JobSeeker._meta.label_lower else Vacancy
    ids = case_ids(cursor, len(people))
    rows = _rows(model, people, ids, now)
    for table_model, table_rows in rows.tables:
        rows_copy(cursor, table_model, table_rows, ids_given=table_model is Case)
    return rows.count


def _rows(model: type[Case], people: list[Person], ids: list[int], now: datetime.datetime) -> Rows:
    numbered = list(zip(ids, people, strict=True))
    pointer = model._meta.pk.attname
    tables: list[tuple[type[models.Model], list[dict]]] = [
        (Case, [{**p.case, "id": pk, "created_at": now, "updated_at": now} for pk, p in numbered]),
        (model, [{**p.own, pointer: pk} for pk, p in numbered]),
    ]
    for field in _links(model):
        owner, code = field.m2m_field_name() + "_id", field.m2m_reverse_field_name() + "_id"
        links = [{owner: pk, code: code_id} for pk, p in numbered for code_id in p.links[field.name]]
        tables.append((field.remote_field.through, links))
    if model is JobSeeker:
        tables.append(
            (Experience, [{**job, "job_seeker_id": pk} for pk, p in numbered for job in p.experience])
        )
    return Rows(tables)


def _analyse() -> float:
    tables = {Case, JobSeeker, Vacancy, Experience}
    tables |= {field.remote_field.through for model in (JobSeeker, Vacancy) for field in _links(model)}
    return tables_analyse(tables)
