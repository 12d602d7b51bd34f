"""Demo job seekers: sixty registrations over the past year in each demo country, at every stage.

A small island state's employment service mostly registers people for elementary work, service and
sales jobs and the crafts; a few seek clerical, driving or professional work.
"""

import datetime
import random

from django.utils import timezone

from modules.casework.demo import demo_nationality, demo_staff
from modules.casework.services import case_transition
from modules.job_seekers.models import JobSeeker
from modules.job_seekers.services import (
    education_save,
    experience_save,
    job_seeker_place,
    job_seeker_register,
    job_seekers_lapse_due,
    job_seekers_merge,
)
from modules.reference.models import Code
from modules.reference.selectors import code_lookup

WOMEN = ("Shanice", "Cavel", "Jeanelle", "Priya", "Nadia", "Marisa", "Kezia", "Tamara", "Denise", "Anuska")
MEN = ("Junior", "Andre", "Ravi", "Kwame", "Delroy", "Terrence", "Jerome", "Marlon", "Dwayne", "Sunil")
FAMILIES = (
    "Mills",
    "Browne",
    "Liburd",
    "Phillip",
    "Kartodikromo",
    "Ramdin",
    "Joseph",
    "Francis",
    "Mohan",
    "Williams",
    "Pinas",
    "Hodge",
    "Charles",
    "Baptiste",
    "Henry",
    "Isaac",
)
# ISCO-08 unit groups sought, by weight: elementary, service and sales, and craft work most of all.
OCCUPATIONS = (
    (("9112", "9211", "9313", "9329", "9412", "9621", "9111", "9333"), 9),
    (("5120", "5131", "5223", "5230", "5141", "5414", "5311", "5322"), 8),
    (("7112", "7115", "7126", "7411", "7231", "7212", "7512"), 6),
    (("8322", "8332", "4110", "4226", "4311", "6111"), 3),
    (("3221", "2330", "2221"), 1),
)
SKILLS = {
    "9": ("FIRST_AID", "FARMING", "MACHINERY"),
    "5": ("CUSTOMER", "FOOD_HYGIENE", "CARE", "COMPUTER", "FIRST_AID"),
    "7": ("WELDING", "ELECTRICAL", "PLUMBING", "CARPENTRY", "MASONRY", "MACHINERY"),
    "8": ("DRIVING", "HEAVY_VEHICLE", "MACHINERY"),
    "4": ("COMPUTER", "BOOKKEEPING", "CUSTOMER"),
    "6": ("FARMING", "MACHINERY"),
    "3": ("COMPUTER", "FIRST_AID", "CARE"),
    "2": ("COMPUTER", "FIRST_AID"),
}
LANGUAGES = {"sr": ("nl", "srn"), "lc": ("en", "fr")}
EDUCATION = ("X", "1", "1", "2", "2", "3", "3", "3", "4", "5")
# Professionals and technicians studied beyond secondary school.
SCHOOLING = {"2": ("6", "6", "7"), "3": ("4", "5", "5", "6")}
EMPLOYERS = (
    "Ocean Terrace Inn",
    "Island Haulage",
    "Sandy Point Bakery",
    "Frigate Bay Resort",
    "Bayside Stores",
)
COUNT = 59  # and the duplicate merged at the end: sixty registrations


def job_seekers_demo(country) -> int:
    """Sixty registrations per demo country, once (nothing is added if the country has job seekers):
    active, placed, withdrawn, lapsed (not renewed in time) and a duplicate merged into the first."""
    if JobSeeker.objects.exists():
        return 0
    officer, supervisor = demo_staff()
    if not (officer and supervisor):
        return 0
    rng = random.Random(f"job-seekers-{country.code}")  # the same demo data every time
    today = timezone.localdate()
    districts = list(Code.objects.filter(classification__key="district", active=True).order_by("code"))
    languages = LANGUAGES.get(country.code, ("en",))
    seekers = []
    for index in range(COUNT):
        sex = "F" if index % 2 else "M"
        birth = today - datetime.timedelta(days=rng.randint(16 * 366, 64 * 365))
        opened = today - datetime.timedelta(days=rng.randint(0, 330))
        sought = _occupations(rng, age=(today - birth).days // 365)
        values = {
            "first_name": rng.choice(WOMEN if sex == "F" else MEN),
            "family_name": rng.choice(FAMILIES),
            "nis_number": f"{country.code.upper()}-{200000 + index * 37}" if index % 4 else "",
            "sex": sex,
            "birth_date": birth,
            "nationality": code_lookup("iso3166", demo_nationality(country, rng, migrant=index % 7 == 0)),
            "district": rng.choice(districts) if districts else None,
            "phone": f"{rng.randint(200, 799)}-{rng.randint(1000, 9999)}",
            "education_level": code_lookup(
                "education_level", rng.choice(SCHOOLING.get(sought[0][0], EDUCATION))
            ),
            "occupations": [code_lookup("isco08", code) for code in sought],
            "skills": [code_lookup("skill", code) for code in rng.sample(SKILLS[sought[0][0]], k=2)],
            "languages": [
                code_lookup("language", code) for code in languages[: rng.randint(1, len(languages))]
            ],
            "hours": rng.choice(("full_time", "full_time", "part_time", "either")),
            "willing_to_relocate": rng.random() < 0.3,
            "willing_to_work_abroad": rng.random() < 0.25,
            "available_from": opened,
            "opened_on": opened,
        }
        seeker = job_seeker_register(values=values, different_person=True, by=officer)
        _background(seeker, rng, today, officer)
        _take_to(seeker, index, rng, today, officer)
        seekers.append(seeker)
    _merged_duplicate(seekers[0], rng, officer, supervisor)
    # Registrations of more than the lapse period ago that nobody renewed lapse, as every night.
    job_seekers_lapse_due(today=today)
    return COUNT + 1


def _occupations(rng: random.Random, *, age: int) -> list[str]:
    """One to three unit groups of one kind of work; professional work only for those past their studies."""
    groups = [codes for codes, weight in OCCUPATIONS for _each in range(weight)]
    codes = rng.choice(groups)
    while age < 22 and codes[0][0] in "23":
        codes = rng.choice(groups)
    return rng.sample(codes, k=min(rng.choice((1, 1, 2, 3)), len(codes)))


def _background(seeker: JobSeeker, rng: random.Random, today: datetime.date, officer) -> None:
    """Their schooling and the jobs they held, the latest perhaps still held."""
    left_school = seeker.birth_date.year + rng.randint(15, 19)
    if left_school <= today.year:
        education_save(
            job_seeker=seeker,
            values={
                "level": seeker.education_level or code_lookup("education_level", "2"),
                "year_completed": left_school,
            },
            version=None,
            by=officer,
        )
    # Their recent jobs, the first at most twelve years ago and never before they left school.
    start = max(
        datetime.date(min(left_school + 1, today.year), rng.randint(1, 12), 1),
        today - datetime.timedelta(days=rng.randint(200, 4400)),
    )
    for _number in range(rng.randint(0, 3)):
        if start >= today:
            break
        end = start + datetime.timedelta(days=rng.randint(120, 1500))
        still = end >= today
        experience_save(
            job_seeker=seeker,
            values={
                "occupation": seeker.first_occupation,
                "employer_name": rng.choice(EMPLOYERS),
                "started_on": start,
                "ended_on": None if still else end,
                "duties": "Demo work experience.",
            },
            version=None,
            by=officer,
        )
        if still:
            break
        start = end + datetime.timedelta(days=rng.randint(30, 400))


def _take_to(seeker: JobSeeker, index: int, rng: random.Random, today: datetime.date, officer) -> None:
    """Some find work, some withdraw, some are renewed; old registrations left alone lapse later."""
    if index % 6 == 1:
        placed = min(seeker.opened_on + datetime.timedelta(days=rng.randint(10, 90)), today)
        job_seeker_place(job_seeker=seeker, placed_on=placed, by=officer)
    elif index % 15 == 4:
        case_transition(case=seeker, action="withdraw", note="Moved abroad.", by=officer)
    elif index % 3 == 0 and (today - seeker.opened_on).days > 150:
        case_transition(case=seeker, action="renew", note="Came in to renew.", by=officer)


def _merged_duplicate(first: JobSeeker, rng: random.Random, officer, supervisor) -> None:
    """The same person registered twice at another office visit, then merged by a supervisor."""
    first.refresh_from_db()
    duplicate = job_seeker_register(
        values={
            "first_name": first.first_name,
            "family_name": first.family_name,
            "sex": first.sex,
            "birth_date": first.birth_date,
            "occupations": [code_lookup("isco08", "9412")],
            "skills": [code_lookup("skill", "FOOD_HYGIENE")],
            "phone": f"{rng.randint(200, 799)}-{rng.randint(1000, 9999)}",
        },
        different_person=True,
        by=officer,
    )
    job_seekers_merge(kept=first, duplicate=duplicate, version=first.version, by=supervisor)
