"""Demo complaints: a year of them in each demo country, at every stage, against the demo employers."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from modules.casework.demo import demo_nationality, demo_staff
from modules.casework.services import case_assign, case_transition
from modules.complaints.models import Complaint
from modules.complaints.services import complaint_open, hearing_save
from modules.employers.models import Employer
from modules.reference.selectors import code_lookup

PEOPLE = (
    ("Cavel Mills", "F"),
    ("Junior Browne", "M"),
    ("Shanice Liburd", "F"),
    ("Andre Phillip", "M"),
    ("Marisa Kartodikromo", "F"),
    ("Ravi Ramdin", "M"),
    ("Jeanelle Joseph", "F"),
    ("Kwame Francis", "M"),
    ("Priya Mohan", "F"),
    ("Delroy Williams", "M"),
    ("Nadia Pinas", "F"),
    ("Terrence Hodge", "M"),
)
OCCUPATIONS = ("5120", "9112", "5223", "8322", "7112", "4226", "5131", "9211", "5321", "7411")
CATEGORIES = (
    "WAGES",
    "WAGES",
    "WAGES",
    "DISMISSAL",
    "DISMISSAL",
    "LEAVE",
    "HOURS",
    "MATERNITY",
    "OSH",
    "DISCRIMINATION",
    "OTHER",
)
# The stage each demo complaint is taken to, in turn.
STAGES = ("received", "investigating", "hearing", "settled", "settled", "referred", "withdrawn", "settled")


def complaints_demo(country) -> int:
    """About twenty complaints per demo country, once (nothing is added if the country has complaints)."""
    if Complaint.objects.exists():
        return 0
    officer, supervisor = demo_staff()
    employers = list(Employer.objects.order_by("registration_number")[:12])
    if not (officer and supervisor and employers):
        return 0
    rng = random.Random(f"complaints-{country.code}")  # the same demo data every time
    today = timezone.localdate()
    for index in range(20):
        name, sex = PEOPLE[index % len(PEOPLE)]
        migrant = index % 5 == 0
        nationality = demo_nationality(country, rng, migrant=migrant)
        opened = today - datetime.timedelta(days=rng.randint(5, 360))
        claimed = Decimal(rng.randint(4, 60) * 100)
        complaint = complaint_open(
            values={
                "complainant_name": name,
                "complainant_sex": sex,
                "complainant_birth_date": datetime.date(
                    rng.randint(1965, 2003), rng.randint(1, 12), rng.randint(1, 28)
                ),
                "complainant_nationality": code_lookup("iso3166", nationality),
                "occupation": code_lookup("isco08", rng.choice(OCCUPATIONS)),
                "employer": employers[index % len(employers)],
                "category": code_lookup("complaint_category", rng.choice(CATEGORIES)),
                "description": "Demo complaint.",
                "amount_claimed": claimed,
                "opened_on": opened,
                "due_on": opened + datetime.timedelta(days=30),
            },
            by=officer,
        )
        _take_to(complaint, STAGES[index % len(STAGES)], officer, supervisor, claimed, rng)
    return 20


def _take_to(
    complaint: Complaint, stage: str, officer, supervisor, claimed: Decimal, rng: random.Random
) -> None:
    if stage == "received":
        return
    if stage == "withdrawn":
        case_transition(case=complaint, action="withdraw", by=officer)
        return
    case_assign(case=complaint, officer=officer, by=supervisor)
    case_transition(case=complaint, action="investigate", by=officer)
    if stage == "investigating":
        return
    case_transition(case=complaint, action="schedule_hearing", by=officer)
    held = min(complaint.opened_on + datetime.timedelta(days=rng.randint(3, 20)), timezone.localdate())
    hearing_save(
        complaint=complaint,
        values={"held_on": held, "place": "Department of Labour", "attended": "Both parties"},
        version=None,
        by=officer,
    )
    if stage == "settled":
        recovered = (claimed * Decimal(rng.choice(("1", "0.75", "0.5")))).quantize(Decimal("0.01"))
        outcome = "settled" if recovered == claimed else "partly"
        case_transition(
            case=complaint,
            action="settle",
            by=supervisor,
            values={"outcome": outcome, "settled_on": held, "amount_recovered": recovered},
        )
    elif stage == "referred":
        case_transition(case=complaint, action="refer", by=supervisor, values={"referral": "tribunal"})
