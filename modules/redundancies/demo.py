"""Demo redundancies: a year of notifications in each demo country, at every stage, from the demo
employers, with the workers affected by occupation and sex.

On a small island a notification concerns a handful to a few dozen workers: a hotel laying off staff at
the end of the season, a shop closing, a call centre moving work abroad.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from modules.casework.demo import demo_staff
from modules.casework.services import case_assign, case_transition
from modules.employers.models import Employer
from modules.redundancies.models import Redundancy
from modules.redundancies.services import affected_group_save, redundancy_notify
from modules.reference.selectors import code_lookup

# (ISIC class of the employer, reason, groups: (ISCO unit group, women, men), what the employer says)
NOTIFICATIONS = (
    ("5510", "SEASON_END", (("9112", 9, 2), ("5131", 4, 3), ("5120", 1, 3)), "End of the winter season."),
    ("4711", "CLOSURE", (("5230", 6, 1), ("5223", 5, 2), ("4321", 0, 2)), "The branch closes for good."),
    ("8220", "TECHNOLOGY", (("4222", 18, 7),), "Enquiries move to an automated service."),
    ("4100", "DOWNTURN", (("9313", 0, 14), ("7112", 0, 5)), "No new building contracts this year."),
    ("1071", "RESTRUCTURING", (("7512", 2, 3),), "Two bakeries merged into one."),
    ("6419", "RESTRUCTURING", (("4311", 3, 1), ("4211", 2, 0)), "Back-office work centralised."),
    ("5610", "DOWNTURN", (("5131", 3, 1), ("5120", 0, 2)), "Fewer visitors since the cruise season ended."),
    ("1104", "TECHNOLOGY", (("8183", 1, 6),), "A new bottling line needs fewer operators."),
    ("0311", "SEASON_END", (("6222", 0, 8),), "Closed season for lobster."),
    ("8010", "OTHER", (("5414", 2, 9),), "A client contract was not renewed."),
)
# The stage each demo notification is taken to, in turn.
STAGES = ("notified", "under_review", "concluded", "under_review", "concluded", "withdrawn", "concluded")
# Severance per worker in the country's currency, roughly (two weeks' pay a year of service, a few years).
SEVERANCE_PER_WORKER = {"kn": 3200, "lc": 2700, "sr": 16000}


def redundancies_demo(country) -> int:
    """Ten notifications of redundancies per demo country, once (nothing is added if it has some)."""
    if Redundancy.objects.exists():
        return 0
    officer, supervisor = demo_staff()
    employers = list(Employer.objects.select_related("isic").order_by("registration_number"))
    if not (officer and supervisor and employers):
        return 0
    rng = random.Random(f"redundancies-{country.code}")  # the same demo data every time
    today = timezone.localdate()
    for index, (isic, reason, groups, description) in enumerate(NOTIFICATIONS):
        employer = next((e for e in employers if e.isic and e.isic.code == isic), employers[index])
        notified = today - datetime.timedelta(days=rng.randint(15, 340))
        workers = sum(women + men for _isco, women, men in groups)
        redundancy = redundancy_notify(
            values={
                "employer": employer,
                "notified_on": notified,
                "opened_on": notified + datetime.timedelta(days=rng.randint(0, 2)),
                "effective_on": notified + datetime.timedelta(days=rng.choice((14, 30, 30, 60))),
                "reason": code_lookup("redundancy_reason", reason),
                "description": description,
                "severance_total": Decimal(workers * SEVERANCE_PER_WORKER.get(country.code, 3000)),
            },
            by=officer,
        )
        for isco, women, men in groups:
            affected_group_save(
                redundancy=redundancy,
                values={"occupation": code_lookup("isco08", isco), "women": women, "men": men},
                version=None,
                by=officer,
            )
        redundancy.refresh_from_db()
        _take_to(redundancy, STAGES[index % len(STAGES)], officer, supervisor, rng)
    return len(NOTIFICATIONS)


def _take_to(redundancy: Redundancy, stage: str, officer, supervisor, rng: random.Random) -> None:
    if stage == "notified":
        return
    if stage == "withdrawn":
        case_transition(
            case=redundancy, action="withdraw", by=supervisor, note="A new contract saves the jobs."
        )
        return
    case_assign(case=redundancy, officer=officer, by=supervisor)
    case_transition(case=redundancy, action="review", by=officer)
    if stage == "concluded":
        concluded = min(
            redundancy.notified_on + datetime.timedelta(days=rng.randint(10, 45)), timezone.localdate()
        )
        case_transition(
            case=redundancy,
            action="conclude",
            by=supervisor,
            values={"concluded_on": concluded},
            note="Consultation held; severance pay confirmed.",
        )
