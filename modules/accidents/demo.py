"""Demo accidents and diseases: a year of employers' notifications in each demo country, at every stage."""

import datetime
import random

from django.utils import timezone

from modules.accidents.models import Accident
from modules.accidents.services import accident_register, accident_update, medical_report_save
from modules.casework.demo import demo_nationality, demo_staff
from modules.casework.services import case_assign, case_transition
from modules.employers.models import Employer
from modules.reference.selectors import code_lookup

PEOPLE = (
    ("Dwayne Hodge", "M"),
    ("Marisa Pinas", "F"),
    ("Kelvin Liburd", "M"),
    ("Andrea Joseph", "F"),
    ("Ravi Sookdeo", "M"),
    ("Shanice Francis", "F"),
    ("Terrence Mills", "M"),
    ("Jeanelle Browne", "F"),
)
OCCUPATIONS = ("7112", "8322", "9313", "5120", "9211", "7411", "5414", "9112")
# (type of injury, part of the body, agency, days lost, what happened)
ACCIDENTS = (
    ("FRACTURE", "LOWER", "FALLS", 42, "Fell from a ladder while painting."),
    ("WOUND", "UPPER", "TOOLS", 3, "Cut the hand with a knife in the kitchen."),
    ("BURN", "UPPER", "SUBSTANCES", 10, "Scalded by hot oil."),
    ("DISLOCATION", "BACK", "TRANSPORT", 14, "Strained the back unloading a truck."),
    ("AMPUTATION", "UPPER", "MACHINES", 90, "Finger caught in an unguarded machine."),
    ("CONCUSSION", "HEAD", "FALLS", 7, "Slipped on a wet floor."),
    ("ELECTRIC", "WHOLE", "ELECTRICAL", 5, "Shock from a damaged cable."),
)
DISEASES = ("Occupational asthma", "Noise-induced hearing loss", "Contact dermatitis")
# The stage each demo case is taken to, in turn.
STAGES = ("closed", "investigating", "notified", "closed", "closed", "investigating")


def accidents_demo(country) -> int:
    """About twenty notifications per demo country, once (nothing is added if the country has some)."""
    if Accident.objects.exists():
        return 0
    officer, supervisor = demo_staff()
    employers = list(Employer.objects.order_by("registration_number")[:12])
    if not (officer and supervisor and employers):
        return 0
    rng = random.Random(f"accidents-{country.code}")  # the same demo data every time
    today = timezone.localdate()
    for index in range(20):
        name, sex = PEOPLE[index % len(PEOPLE)]
        migrant = index % 4 == 0
        nationality = demo_nationality(country, rng, migrant=migrant)
        occurred = today - datetime.timedelta(days=rng.randint(10, 360))
        disease = index % 7 == 3
        injury, body, agency, days, what = ACCIDENTS[index % len(ACCIDENTS)]
        fatal = index in (5, 16)
        employer = employers[index % len(employers)]
        accident = accident_register(
            values={
                "notified_on": occurred + datetime.timedelta(days=1),
                "notified_by": "The manager",
                "opened_on": occurred + datetime.timedelta(days=2),
                "due_on": occurred + datetime.timedelta(days=32),
                "person_name": name,
                "person_sex": sex,
                "person_age": rng.randint(19, 61),
                "nationality": code_lookup("iso3166", nationality),
                "occupation": code_lookup("isco08", rng.choice(OCCUPATIONS)),
                "employer": employer,
                "workplace": employer.workplaces.order_by("pk").first(),
                "occurred_on": occurred,
                "place": employer.city,
                "description": rng.choice(DISEASES) if disease else what,
                "is_disease": disease,
                "fatal": fatal,
                "injury_type": None if disease else code_lookup("injury_type", injury),
                "body_part": None if disease else code_lookup("body_part", body),
                "agency": None if disease else code_lookup("accident_agency", agency),
                "days_lost": 0 if fatal else days,
            },
            by=officer,
        )
        _take_to(accident, STAGES[index % len(STAGES)], officer, supervisor, rng, today)
    return 20


def _take_to(accident: Accident, stage: str, officer, supervisor, rng: random.Random, today) -> None:
    if stage == "notified":
        return
    case_assign(case=accident, officer=officer, by=supervisor)
    case_transition(case=accident, action="investigate", by=officer)
    if not accident.fatal:
        medical_report_save(
            accident=accident,
            values={
                "practitioner": "Dr. A. Williams",
                "reported_on": min(accident.occurred_on + datetime.timedelta(days=rng.randint(0, 5)), today),
                "diagnosis": accident.description,
                "days_incapacity": accident.days_lost,
            },
            version=None,
            by=officer,
        )
    accident_update(
        accident=accident,
        values={"spot_findings": "Visited the site with the employer's safety officer."},
        version=accident.version,
        by=officer,
    )
    if stage == "closed":
        case_transition(case=accident, action="close", by=supervisor)
