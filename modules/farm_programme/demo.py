"""Demo farm programme: in each demo country last year's round (closed: its workers went, came back with
their earnings, a few were followed up) and this year's round, open, with applicants at every stage."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from modules.casework.demo import demo_staff
from modules.casework.services import case_assign, case_transition
from modules.farm_programme.models import FarmWorker, RecruitmentRound, RoundStatus
from modules.farm_programme.services import farm_worker_apply, farm_worker_update, follow_up_save, round_save
from modules.reference.models import Code
from modules.reference.selectors import code_lookup

PEOPLE = (
    ("Kelvin Liburd", "M"),
    ("Dwayne Francis", "M"),
    ("Marcia Hodge", "F"),
    ("Jamal Browne", "M"),
    ("Trevor Williams", "M"),
    ("Shurland Mills", "M"),
    ("Carlene Phillip", "F"),
    ("Andre Joseph", "M"),
    ("Lennox Charles", "M"),
    ("Rohan Ramdin", "M"),
    ("Keisha Isaac", "F"),
    ("Curtis Henry", "M"),
    ("Desmond Pinas", "M"),
    ("Glenroy Edwards", "M"),
)
FARMS = ("Niagara Orchards", "Leamington Greenhouses", "Okanagan Fruit Farms", "Simcoe Vegetables")
# Last year's workers, in turn: where each one's season ended.
LAST_YEAR = (
    "returned",
    "returned",
    "returned",
    "rejected",
    "returned",
    "returned",
    "did_not_return",
    "returned",
    "withdrawn",
    "returned",
    "returned",
    "returned",
)
# This year's applicants, in turn: how far each has come.
THIS_YEAR = (
    "applied",
    "shortlisted",
    "selected",
    "applied",
    "departed",
    "shortlisted",
    "rejected",
    "selected",
    "applied",
    "withdrawn",
)


def farm_programme_demo(country) -> int:
    """Two rounds and their workers per demo country, once (nothing is added if it has rounds)."""
    if RecruitmentRound.objects.exists():
        return 0
    officer, supervisor = demo_staff()
    if not (officer and supervisor):
        return 0
    rng = random.Random(f"farm-programme-{country.code}")  # the same demo data every time
    today = timezone.localdate()
    districts = list(Code.objects.filter(classification__key="district", active=True).order_by("code"))
    last_year = _round(today.year - 1, "CA", datetime.date(today.year - 1, 1, 10), 12, supervisor)
    added = 0
    for index, stage in enumerate(LAST_YEAR):
        applied = last_year.opens_on + datetime.timedelta(days=rng.randint(0, 40))
        worker = _apply(index, last_year, applied, districts, rng, officer)
        _take_to(worker, stage, officer, supervisor, rng, today)
        added += 1
    round_save(
        recruitment_round=last_year,
        values={"status": RoundStatus.CLOSED},
        version=last_year.version,
        by=supervisor,
    )
    destination = "US" if country.code == "sr" else "CA"
    opens = today - datetime.timedelta(days=45)
    this_year = _round(today.year, destination, opens, 10, supervisor)
    for index, stage in enumerate(THIS_YEAR):
        applied = opens + datetime.timedelta(days=rng.randint(0, 20))
        worker = _apply(index + 2, this_year, applied, districts, rng, officer)
        _take_to(worker, stage, officer, supervisor, rng, today)
        added += 1
    return added


def _round(season: int, destination: str, opens: datetime.date, places: int, by) -> RecruitmentRound:
    canada = destination == "CA"
    return round_save(
        values={
            "season": season,
            "destination": code_lookup("iso3166", destination),
            "programme": "Seasonal Agricultural Worker Program (SAWP)"
            if canada
            else "H-2A temporary farm work",
            "opens_on": opens,
            "closes_on": opens + datetime.timedelta(days=60),
            "places": places,
            "currency": "CAD" if canada else "USD",
            "status": RoundStatus.OPEN,
            "notes": "Demo round.",
        },
        version=None,
        by=by,
    )


def _apply(
    index: int, round_: RecruitmentRound, applied: datetime.date, districts: list, rng: random.Random, officer
) -> FarmWorker:
    name, sex = PEOPLE[index % len(PEOPLE)]
    return farm_worker_apply(
        values={
            "round": round_,
            "name": name,
            "sex": sex,
            "birth_date": datetime.date(
                round_.season - rng.randint(22, 50), rng.randint(1, 12), rng.randint(1, 28)
            ),
            "nis_number": f"{rng.randint(100000, 999999)}",
            "district": rng.choice(districts) if districts else None,
            "phone": f"{rng.randint(200, 999)}-{rng.randint(1000, 9999)}",
            "opened_on": applied,
            "due_on": applied + datetime.timedelta(days=30),
        },
        by=officer,
    )


def _take_to(worker: FarmWorker, stage: str, officer, supervisor, rng: random.Random, today) -> None:
    if stage == "applied":
        return
    if stage == "withdrawn":
        case_transition(case=worker, action="withdraw", by=officer, note="Found work at home.")
        return
    case_assign(case=worker, officer=officer, by=supervisor)
    case_transition(case=worker, action="shortlist", by=officer)
    if stage == "rejected":
        case_transition(case=worker, action="reject", by=supervisor, note="Did not pass the interview.")
        return
    if stage == "shortlisted":
        return
    case_transition(case=worker, action="select", by=supervisor)
    cleared = min(worker.opened_on + datetime.timedelta(days=rng.randint(10, 30)), today)
    checklist = {
        "medical_cleared": True,
        "medical_on": cleared,
        "police_record": True,
        "police_record_on": cleared,
        "passport_valid": True,
        "passport_expires_on": cleared.replace(year=cleared.year + 5),
    }
    if stage == "selected":
        # Half-way through the checklist: the contract and visa are still to come.
        farm_worker_update(worker=worker, values=checklist, version=worker.version, by=officer)
        return
    farm_worker_update(
        worker=worker,
        values={
            **checklist,
            "contract_signed": True,
            "contract_signed_on": cleared,
            "visa_issued": True,
            "visa_issued_on": cleared,
        },
        version=worker.version,
        by=officer,
    )
    departed = min(cleared + datetime.timedelta(days=rng.randint(20, 60)), today)
    case_transition(
        case=worker,
        action="depart",
        by=officer,
        values={"departed_on": departed, "employer_abroad": rng.choice(FARMS)},
    )
    if stage == "departed":
        return
    if stage == "did_not_return":
        case_transition(
            case=worker,
            action="not_returned",
            by=officer,
            values={"stay_note": "Left the farm in August; the liaison officer has no news."},
        )
        return
    returned = min(departed + datetime.timedelta(days=rng.randint(150, 210)), today)
    earnings = Decimal(rng.randint(140, 260) * 100)
    case_transition(
        case=worker,
        action="return",
        by=officer,
        values={
            "returned_on": returned,
            "earnings_reported": earnings,
            "remittances_reported": (earnings * Decimal(rng.choice(("0.3", "0.45", "0.6")))).quantize(
                Decimal("1")
            ),
        },
    )
    if rng.random() < 0.6:
        follow_up_save(
            worker=worker,
            values={
                "on": min(returned + datetime.timedelta(days=rng.randint(30, 90)), today),
                "employed": rng.random() < 0.5,
                "notes": "Visited at home.",
            },
            version=None,
            by=officer,
        )
