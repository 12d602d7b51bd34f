"""Demo vacancies and work requests: a year of them in each demo country, at every stage, from the demo
employers in hospitality, construction, retail, health and agriculture.

A small island state's employment service registers three or four vacancies a week, most for one or two
posts; wages are in the country's currency (EC dollars in Saint Kitts and Nevis and Saint Lucia,
Surinamese dollars in Suriname), at about the going rate for the occupation.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from modules.casework.demo import demo_staff
from modules.casework.services import case_assign, case_transition
from modules.employers.models import Employer
from modules.reference.selectors import code_lookup
from modules.vacancies.models import Vacancy, WorkRequest
from modules.vacancies.services import vacancy_post_filled, vacancy_register, work_request_receive

# sector: (ISIC classes of its demo employers, its jobs)
# job: (title, ISCO unit group, monthly wage in EC dollars, how it is paid, education, skills)
SECTORS = {
    "hospitality": (
        ("5510", "5610"),
        (
            ("Line cook", "5120", 2200, "week", "2", ("FOOD_HYGIENE",)),
            ("Waiter / waitress", "5131", 1700, "hour", "2", ("CUSTOMER", "FOOD_HYGIENE")),
            ("Room attendant", "9112", 1600, "hour", "", ()),
            ("Front desk receptionist", "4224", 1900, "month", "3", ("CUSTOMER", "COMPUTER")),
            ("Housekeeping supervisor", "5151", 2600, "month", "3", ("CUSTOMER",)),
        ),
    ),
    "construction": (
        ("4100",),
        (
            ("Mason", "7112", 2800, "day", "", ("MASONRY",)),
            ("Carpenter", "7115", 2800, "day", "", ("CARPENTRY",)),
            ("Electrician", "7411", 3500, "week", "3", ("ELECTRICAL",)),
            ("Construction labourer", "9313", 1700, "day", "", ()),
            ("Plumber", "7126", 3000, "week", "", ("PLUMBING",)),
        ),
    ),
    "retail": (
        ("4711", "4752", "4772"),
        (
            ("Sales assistant", "5223", 1700, "hour", "2", ("CUSTOMER",)),
            ("Cashier", "5230", 1700, "hour", "3", ("CUSTOMER", "COMPUTER")),
            ("Stock clerk", "4321", 1800, "fortnight", "2", ("COMPUTER",)),
            ("Shelf packer", "9334", 1600, "hour", "", ()),
        ),
    ),
    "health": (
        ("8620",),
        (
            ("Registered nurse", "2221", 4500, "month", "6", ("FIRST_AID", "COMPUTER")),
            ("Nursing assistant", "3221", 3500, "month", "5", ("FIRST_AID",)),
            ("Care assistant", "5321", 2000, "month", "3", ("CARE", "FIRST_AID")),
            ("Pharmacist", "2262", 6500, "month", "7", ("COMPUTER", "CUSTOMER")),
        ),
    ),
    "agriculture": (
        ("0113",),
        (
            ("Vegetable grower", "6111", 1800, "week", "", ("FARMING",)),
            ("Farm hand", "9211", 1600, "day", "", ("FARMING",)),
            ("Livestock keeper", "6121", 1800, "week", "", ()),
            ("Tractor driver", "8341", 2200, "day", "", ("MACHINERY", "DRIVING")),
        ),
    ),
}
# What a month's wage in EC dollars is in the country's currency, roughly, at local wage levels.
CURRENCY_FACTOR = {"kn": Decimal("1"), "lc": Decimal("0.85"), "sr": Decimal("5")}
PERIOD_DIVISOR = {
    "hour": Decimal("173"),
    "day": Decimal("21.7"),
    "week": Decimal("4.33"),
    "fortnight": Decimal("2.17"),
    "month": Decimal("1"),
}
CONTRACTS = {
    "hospitality": ("permanent", "seasonal", "fixed_term"),
    "construction": ("fixed_term", "casual"),
    "retail": ("permanent", "casual"),
    "health": ("permanent", "fixed_term"),
    "agriculture": ("seasonal", "casual"),
}
LANGUAGES = {"kn": ("en",), "lc": ("en", "fr"), "sr": ("nl", "srn")}
# The stage each demo vacancy is taken to, in turn ("partly": open with some posts filled; "reopened":
# closed when its date passed, then reopened with a new closing date).
STAGES = ("open", "partly", "filled", "closed", "open", "cancelled", "reopened", "filled", "open", "closed")
VACANCIES = 40
CLOSING_REASONS = ("date_passed", "not_needed", "filled_otherwise")
# The stage each demo work request is taken to; those in progress or completed have vacancies.
REQUEST_STAGES = (
    "received",
    "in_progress",
    "completed",
    "in_progress",
    "cancelled",
    "received",
    "completed",
    "in_progress",
)
CONTACTS = ("Ann Liburd", "Marcus Joseph", "Keisha Browne", "Sharon Pinas", "Rudolf Wong", "Lisa Ramdin")


JOBS = {job[1]: (sector, job) for sector, (_classes, jobs) in SECTORS.items() for job in jobs}


def vacancies_demo(country) -> int:
    """About forty vacancies and eight work requests per demo country, once (nothing is added if the
    country has vacancies)."""
    if Vacancy.objects.exists() or WorkRequest.objects.exists():
        return 0
    officer, supervisor = demo_staff()
    employers = _employers_by_sector()
    if not (officer and supervisor and all(employers.values())):
        return 0
    rng = random.Random(f"vacancies-{country.code}")  # the same demo data every time
    today = timezone.localdate()
    requests = _work_requests(rng, employers, officer, supervisor, today)
    sources = [request for request, stage in requests if stage in ("in_progress", "completed")]
    sectors = list(SECTORS)
    for index in range(VACANCIES):
        stage = STAGES[index % len(STAGES)]
        request = sources.pop(0) if sources and stage in ("open", "partly", "filled") else None
        vacancy = _vacancy(
            country, rng, sectors[index % len(sectors)], stage, request, employers, officer, today
        )
        if index % 3 == 0:
            case_assign(case=vacancy, officer=officer, by=supervisor)
        _take_to(vacancy, stage, officer, supervisor, rng, today)
    for request, stage in requests:
        if stage == "completed":
            request.refresh_from_db()
            case_transition(
                case=request, action="complete", by=officer, note="The employer engaged the workers."
            )
    return VACANCIES + len(requests)


def _employers_by_sector() -> dict[str, list[Employer]]:
    active = Employer.objects.filter(active=True).select_related("isic").order_by("registration_number")
    return {
        sector: [employer for employer in active if employer.isic and employer.isic.code in classes]
        for sector, (classes, _jobs) in SECTORS.items()
    }


def _work_requests(
    rng: random.Random, employers, officer, supervisor, today
) -> list[tuple[WorkRequest, str]]:
    """The demo work requests, each with the stage it is to reach (completed ones once their vacancies
    are registered)."""
    requests = []
    for index, stage in enumerate(REQUEST_STAGES):
        sector = list(SECTORS)[index % len(SECTORS)]
        title, isco, *_terms = SECTORS[sector][1][index % len(SECTORS[sector][1])]
        days_ago = rng.randint(0, 6) if stage == "received" else rng.randint(10, 120)
        received = today - datetime.timedelta(days=days_ago)
        work_request = work_request_receive(
            values={
                "employer": rng.choice(employers[sector]),
                "contact_person": CONTACTS[index % len(CONTACTS)],
                "occupation": code_lookup("isco08", isco),
                "posts": rng.choice((1, 2, 3, 5)),
                "description": f"{title} wanted for the coming season.",
                "opened_on": received,
                "needed_by": received + datetime.timedelta(days=rng.randint(20, 60)),
            },
            by=officer,
        )
        if stage in ("in_progress", "completed"):
            case_transition(case=work_request, action="start", by=officer)
        elif stage == "cancelled":
            case_transition(
                case=work_request, action="cancel", by=supervisor, note="The employer found workers itself."
            )
        requests.append((work_request, stage))
    return requests


def _vacancy(country, rng, sector, stage, request, employers, officer, today) -> Vacancy:
    if request is not None:
        employer = request.employer
        sector, job = JOBS[request.occupation.code]
        opened = max(request.opened_on, today - datetime.timedelta(days=20))
    else:
        employer = rng.choice(employers[sector])
        job = rng.choice(SECTORS[sector][1])
        recent = stage in ("open", "partly", "reopened")
        opened = today - datetime.timedelta(days=rng.randint(0, 25) if recent else rng.randint(40, 330))
    title, isco, monthly, period, education, skills = job
    wage = Decimal(monthly) * CURRENCY_FACTOR.get(country.code, Decimal("1")) / PERIOD_DIVISOR[period]
    wage = wage.quantize(Decimal("0.01") if period == "hour" else Decimal("1"))
    stated = rng.random()
    languages = LANGUAGES.get(country.code, ("en",))
    hours = "part_time" if period == "hour" and rng.random() < 0.3 else "full_time"
    return vacancy_register(
        values={
            "employer": employer,
            "title": title,
            "occupation": code_lookup("isco08", isco),
            "posts": request.posts if request else rng.choice((1, 1, 1, 2, 2, 3, 4, 6)),
            "place_of_work": employer.city,
            "education_level": code_lookup("education_level", education) if education else None,
            "experience_years": rng.choice((None, 0, 1, 2, 3, 5)),
            "skills": [code_lookup("skill", code) for code in skills],
            "languages": [
                code_lookup("language", code) for code in languages[: rng.randint(1, len(languages))]
            ],
            "wage_min": wage if stated > 0.2 else None,
            "wage_max": (wage * Decimal("1.2")).quantize(wage) if stated > 0.5 else None,
            "wage_period": period if stated > 0.2 else "",
            "hours_per_week": 24 if hours == "part_time" else 40,
            "contract": rng.choice(CONTRACTS[sector]),
            "hours": hours,
            "opened_on": opened,
            "closes_on": opened + datetime.timedelta(days=rng.randint(30, 45)),
            "starts_on": opened + datetime.timedelta(days=rng.randint(45, 75))
            if rng.random() < 0.5
            else None,
            "work_request": request,
        },
        by=officer,
    )


def _take_to(vacancy: Vacancy, stage: str, officer, supervisor, rng: random.Random, today) -> None:
    if stage == "partly" and vacancy.posts == 1:
        stage = "open"
    if stage == "partly":
        for _post in range(rng.randint(1, vacancy.posts - 1)):
            vacancy_post_filled(vacancy=vacancy, by=officer)
    elif stage == "filled":
        for _post in range(vacancy.posts):
            vacancy_post_filled(vacancy=vacancy, by=officer)
    elif stage == "closed":
        reason = rng.choice(CLOSING_REASONS)
        case_transition(case=vacancy, action="close", by=officer, values={"closing_reason": reason})
    elif stage == "cancelled":
        case_transition(
            case=vacancy, action="cancel", by=supervisor, note="The employer no longer recruits for it."
        )
    elif stage == "reopened":
        case_transition(case=vacancy, action="close", by=officer, values={"closing_reason": "date_passed"})
        new_date = today + datetime.timedelta(days=rng.randint(14, 30))
        case_transition(
            case=vacancy,
            action="reopen",
            by=supervisor,
            values={"closes_on": new_date},
            note="The employer still needs the worker: closing date extended.",
        )
