"""Demo requests for assistance abroad: about twenty-five per demo country, over the past year, at every
stage, to the usual destinations of its workers, most with the recruitment cost and first earnings."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from modules.casework.demo import demo_staff
from modules.casework.services import case_assign, case_transition
from modules.migrant_assistance.models import AssistanceRequest
from modules.migrant_assistance.services import assistance_action_save, assistance_request_open
from modules.reference.selectors import code_lookup

REQUESTS = 25
DEMO_NOTE = "Demo request."
# Destinations per demo country: (ISO 3166, currency, typical first month's earnings in it).
DESTINATIONS = {
    "kn": (
        ("US", "USD", 2400),
        ("CA", "CAD", 3000),
        ("GB", "GBP", 1800),
        ("AG", "XCD", 3200),
        ("VG", "USD", 2000),
        ("SX", "USD", 1700),
        ("TT", "TTD", 6500),
    ),
    "lc": (
        ("US", "USD", 2400),
        ("CA", "CAD", 3000),
        ("GB", "GBP", 1800),
        ("BB", "BBD", 3400),
        ("CW", "USD", 1600),
        ("AG", "XCD", 3200),
        ("TT", "TTD", 6500),
    ),
    "sr": (
        ("NL", "EUR", 2100),
        ("GF", "EUR", 1700),
        ("GY", "GYD", 220000),
        ("US", "USD", 2400),
        ("CW", "USD", 1600),
    ),
}
PEOPLE = (
    ("Kerry-Ann Hodge", "F"),
    ("Dwight Liburd", "M"),
    ("Shernel Joseph", "F"),
    ("Jamal Edwards", "M"),
    ("Ornella Pierre", "F"),
    ("Kirk Mathurin", "M"),
    ("Reshma Ramsaran", "F"),
    ("Glenn Aboikoni", "M"),
    ("Fiona Sewdien", "F"),
    ("Marvin Browne", "M"),
)
# (ISCO-08 occupation abroad, recruitment agency or none)
JOBS = (
    ("9211", "Seasonal Farm Placements Inc."),
    ("5131", "Island Hospitality Staffing"),
    ("5120", "Island Hospitality Staffing"),
    ("5322", ""),
    ("2221", "CareGlobal Recruitment"),
    ("7112", ""),
    ("8322", "Caribbean Crew Agency"),
    ("9112", "Island Hospitality Staffing"),
)
TYPES = ("CONTRACT", "WAGES", "WAGES", "REPATRIATION", "PRE_DEPARTURE", "ABUSE", "OTHER", "CONTRACT")
# The stage each demo request is taken to, in turn.
STAGES = ("received", "in_progress", "closed", "closed", "in_progress", "withdrawn", "closed", "closed")
OUTCOMES = ("resolved", "partly", "resolved", "not_resolved", "referred")
ORGANISATIONS = (
    ("embassy", "Consulate General"),
    ("employer", ""),
    ("agency", ""),
    ("iom", "IOM country office"),
)


def migrant_assistance_demo(country) -> int:
    """About twenty-five requests per demo country (kn, lc, sr), once; returns how many were added."""
    destinations = DESTINATIONS.get(country.code)
    officer, supervisor = demo_staff()
    if not destinations or not (officer and supervisor) or AssistanceRequest.objects.exists():
        return 0
    rng = random.Random(f"migrant-assistance-{country.code}")  # the same demo data every time
    today = timezone.localdate()
    for index in range(REQUESTS):
        name, sex = PEOPLE[index % len(PEOPLE)]
        destination, currency, earnings = rng.choice(destinations)
        occupation, agency = rng.choice(JOBS)
        request_type = TYPES[index % len(TYPES)]
        opened = today - datetime.timedelta(days=rng.randint(3, 350))
        leaving = request_type == "PRE_DEPARTURE"
        values = {
            "person_name": name,
            "person_sex": sex,
            "birth_date": datetime.date(rng.randint(1970, 2002), rng.randint(1, 12), rng.randint(1, 28)),
            "occupation": code_lookup("isco08", occupation),
            "phone": f"+1 555 {rng.randint(2000000, 9999999)}",
            "destination": code_lookup("iso3166", destination),
            "employer_abroad_name": "" if leaving else f"{name.split()[-1]} Enterprises ({destination})",
            "agency_name": agency,
            "departed_on": None if leaving else opened - datetime.timedelta(days=rng.randint(30, 400)),
            "still_abroad": not leaving and rng.random() < 0.7,
            "request_type": code_lookup("assistance_request_type", request_type),
            "description": DEMO_NOTE,
            "opened_on": opened,
            "due_on": opened + datetime.timedelta(days=30),
        }
        if not leaving and rng.random() < 0.8:
            first_month = Decimal(earnings) * Decimal(rng.randint(80, 125)) / 100
            values.update(
                recruitment_cost=(first_month * Decimal(rng.randint(10, 180)) / 100).quantize(Decimal("1")),
                monthly_earnings=first_month.quantize(Decimal("1")),
                currency=currency,
            )
        request = assistance_request_open(values=values, by=officer)
        _take_to(request, STAGES[index % len(STAGES)], officer, supervisor, rng)
    return REQUESTS


def _take_to(request: AssistanceRequest, stage: str, officer, supervisor, rng: random.Random) -> None:
    if stage == "received":
        return
    if stage == "withdrawn":
        case_transition(case=request, action="withdraw", by=officer)
        return
    case_assign(case=request, officer=officer, by=supervisor)
    case_transition(case=request, action="start", by=officer)
    kind, organisation = rng.choice(ORGANISATIONS)
    taken_on = min(request.opened_on + datetime.timedelta(days=rng.randint(1, 10)), timezone.localdate())
    assistance_action_save(
        assistance_request=request,
        values={
            "taken_on": taken_on,
            "organisation": kind,
            "organisation_name": organisation,
            "description": "Contacted about the worker's situation.",
        },
        version=None,
        by=officer,
    )
    if stage == "closed":
        case_transition(
            case=request,
            action="close",
            by=supervisor,
            values={"outcome": rng.choice(OUTCOMES), "outcome_notes": "Demo outcome."},
        )
