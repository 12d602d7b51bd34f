"""Demo work permits: a year of employers' applications in each demo country, at every stage, with a few
renewals and refusals, for workers from the countries its migrants come from and a few others."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from modules.casework.demo import MIGRANT_ORIGINS, demo_staff
from modules.casework.services import case_assign, case_transition
from modules.employers.models import Employer
from modules.reference.selectors import code_lookup
from modules.work_permits.models import WorkPermit, months_after
from modules.work_permits.selectors import permit_renewal_initial
from modules.work_permits.services import permit_apply

# Beyond the region's usual migrants: workers the islands' hotels, sites and clinics also bring in.
OTHER_ORIGINS = ("CN", "IN", "VE", "DO")
NAMES = {
    "GY": (("Devika Persaud", "F"), ("Rohan Singh", "M")),
    "JM": (("Tamika Campbell", "F"), ("Omar Brown", "M")),
    "DM": (("Celestine Joseph", "F"), ("Jerome Lawrence", "M")),
    "HT": (("Nadège Pierre", "F"), ("Jean-Robert Louis", "M")),
    "VC": (("Kemisha Ollivierre", "F"), ("Dexter Cupid", "M")),
    "BR": (("Ana Souza", "F"), ("Paulo Oliveira", "M")),
    "CN": (("Li Na", "F"), ("Wang Jun", "M")),
    "IN": (("Priya Nair", "F"), ("Arjun Menon", "M")),
    "VE": (("María González", "F"), ("José Rodríguez", "M")),
    "DO": (("Yolanda Peña", "F"), ("Ramón Castillo", "M")),
}
# (ISIC class of the employer, ISCO unit group, position, monthly salary, qualifications, education)
POSITIONS = (
    ("4100", "7112", "Bricklayer", 2800, "Trade certificate in masonry", "3"),
    ("4100", "7115", "Carpenter", 3000, "Ten years on building sites", "3"),
    ("4100", "3112", "Site engineer", 6500, "BSc Civil Engineering", "6"),
    ("5510", "3434", "Executive chef", 5200, "Culinary diploma", "5"),
    ("5510", "5120", "Cook", 2400, "Food hygiene certificate", "3"),
    ("5510", "1411", "Hotel manager", 8000, "BA Hospitality Management", "6"),
    ("5610", "5131", "Waiter", 1900, "Three years in restaurants", "2"),
    ("8620", "2221", "Registered nurse", 5500, "BSc Nursing, registered in the home country", "6"),
    ("8620", "2211", "General practitioner", 11000, "MBBS", "7"),
    ("0113", "6111", "Field crop grower", 2100, "Experience with vegetable crops", "2"),
    ("0113", "9211", "Farm labourer", 1600, "", "1"),
)
REFUSAL_REASONS = ("NATIONAL", "INCOMPLETE", "SALARY", "QUALIFICATIONS", "NATIONAL", "OTHER")
# The stage each demo application is taken to, in turn.
STAGES = (
    "approved",
    "under_review",
    "approved",
    "received",
    "refused",
    "approved",
    "withdrawn",
    "approved",
    "under_review",
    "refused",
)
APPLICATIONS = 32
RENEWED = 4


def work_permits_demo(country) -> int:
    """About forty applications per demo country, once (nothing is added if the country has some)."""
    if WorkPermit.objects.exists():
        return 0
    officer, supervisor = demo_staff()
    employers = list(Employer.objects.select_related("isic").order_by("registration_number"))
    if not (officer and supervisor and employers):
        return 0
    rng = random.Random(f"work-permits-{country.code}")  # the same demo data every time
    today = timezone.localdate()
    origins = (*MIGRANT_ORIGINS.get(country.code, ("GY",)), *OTHER_ORIGINS)
    added = 0
    for index in range(APPLICATIONS):
        opened = today - datetime.timedelta(days=rng.randint(5, 350))
        stage = STAGES[index % len(STAGES)]
        permit = permit_apply(
            values=_application(index, rng, employers, origins, opened, tested=stage != "refused"),
            by=officer,
        )
        _take_to(permit, stage, officer, supervisor, rng, today, reason=REFUSAL_REASONS[index % 6])
        added += 1
    for index in range(RENEWED):
        # A permit granted well over a year ago, ending about now, and its renewal at some stage.
        opened = today - datetime.timedelta(days=rng.randint(400, 450))
        first = permit_apply(
            values={
                **_application(index, rng, employers, origins, opened, tested=True),
                "duration_months": 12,
            },
            by=officer,
        )
        _take_to(first, "approved", officer, supervisor, rng, today)
        renewal_opened = min(first.valid_until - datetime.timedelta(days=rng.randint(20, 60)), today)
        renewal = permit_apply(
            values={
                **permit_renewal_initial(first),
                "opened_on": renewal_opened,
                "due_on": renewal_opened + datetime.timedelta(days=30),
                "no_suitable_national": True,
                "labour_market_note": "The employment service checked the register again: no one suitable.",
            },
            by=officer,
        )
        stage = ("approved", "under_review", "approved", "received")[index]
        _take_to(renewal, stage, officer, supervisor, rng, today, starts=first.valid_until)
        added += 2
    return added


def _application(
    index: int, rng: random.Random, employers: list, origins: tuple, opened: datetime.date, *, tested: bool
) -> dict:
    isic, isco, position, salary, qualifications, education = POSITIONS[index % len(POSITIONS)]
    employer = next(
        (e for e in employers if e.isic and e.isic.code == isic), employers[index % len(employers)]
    )
    origin = rng.choice(origins)
    name, sex = NAMES.get(origin, NAMES["GY"])[index % 2]
    advertised = tested and index % 3 != 0
    return {
        "employer": employer,
        "position": position,
        "occupation": code_lookup("isco08", isco),
        "duration_months": rng.choice((6, 12, 12, 24, 36)),
        "monthly_salary": Decimal(salary),
        "worker_name": name,
        "worker_sex": sex,
        "worker_birth_date": datetime.date(rng.randint(1970, 2001), rng.randint(1, 12), rng.randint(1, 28)),
        "citizenship": code_lookup("iso3166", origin),
        "country_of_birth": code_lookup("iso3166", origin),
        "passport_number": f"{origin}{rng.randint(1000000, 9999999)}",
        "education_level": code_lookup("education_level", education),
        "qualifications": qualifications,
        "vacancy_advertised": advertised,
        "advertised_on": opened - datetime.timedelta(days=rng.randint(20, 60)) if advertised else None,
        "no_suitable_national": tested and not advertised,
        "labour_market_note": "No registered job seeker with the qualifications." if tested else "",
        "opened_on": opened,
        "due_on": opened + datetime.timedelta(days=30),
    }


def _take_to(
    permit: WorkPermit,
    stage: str,
    officer,
    supervisor,
    rng: random.Random,
    today: datetime.date,
    *,
    reason: str = "OTHER",
    starts: datetime.date | None = None,
) -> None:
    if stage == "received":
        return
    if stage == "withdrawn":
        case_transition(case=permit, action="withdraw", by=officer, note="The employer withdrew it.")
        return
    case_assign(case=permit, officer=officer, by=supervisor)
    case_transition(case=permit, action="review", by=officer)
    if stage == "under_review":
        return
    decided = min(permit.opened_on + datetime.timedelta(days=rng.randint(7, 40)), today)
    if stage == "refused":
        case_transition(
            case=permit,
            action="refuse",
            by=supervisor,
            values={"refusal_reason": code_lookup("permit_refusal_reason", reason), "decided_on": decided},
        )
        return
    valid_from = max(starts or decided, decided + datetime.timedelta(days=rng.randint(0, 21)))
    valid_until = months_after(valid_from, permit.duration_months) - datetime.timedelta(days=1)
    case_transition(
        case=permit,
        action="approve",
        by=supervisor,
        values={"valid_from": valid_from, "valid_until": valid_until, "decided_on": decided},
    )
