"""Demo industrial actions: a year of strikes, sick-outs and lockouts at the demo employers.

Magnitudes are a small island state's: a handful of actions a year (more in Suriname), from a few dozen
workers at a marina to a couple of hundred at a call centre, lasting one to a few working days, so a
year's days not worked run to hundreds, not millions.
"""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from modules.casework.demo import demo_staff
from modules.casework.services import case_assign, case_transition, letter_issue
from modules.employers.models import Employer
from modules.industrial_actions.models import IndustrialAction
from modules.industrial_actions.services import industrial_action_open
from modules.reference.selectors import code_lookup
from modules.unions.demo import unions_demo
from modules.unions.models import TradeUnion
from modules.workplaces.demo import workplaces_demo
from tenants.selectors import modules_enabled_in

# (demo business, type, cause, women, men, working days, stage, outcome, with a union, days recorded)
# The business is the index of modules.employers.demo.BUSINESSES (0 the beach hotel, 13 the call centre).
# fmt: off
ACTIONS = (
    (0, "strike", "AGREEMENT", 64, 52, 2, "ended", "partly", True, True),
    (3, "strike", "WAGES", 39, 25, 0, "reported", "", True, False),
    (16, "go_slow", "WAGES", 18, 41, 0, "ongoing", "", True, False),
    (13, "sick_out", "CONDITIONS", 142, 61, 1, "ended", "met", False, True),
    (5, "strike", "ARREARS", 3, 58, 3, "ended", "met", True, True),
    (9, "strike", "DISMISSAL", 11, 47, 1, "ended", "not_met", True, False),
    (15, "lockout", "AGREEMENT", 4, 22, 4, "ended", "referred", True, True),
    (6, "other", "OSH", 2, 27, 0, "withdrawn", "", True, False),
)
# fmt: on
HOW_MANY = {"kn": 4, "lc": 6, "sr": 8}
# Suriname's workforce is several times Saint Kitts and Nevis's; Saint Lucia's in between.
SCALE = {"kn": Decimal("0.6"), "lc": Decimal("1"), "sr": Decimal("1.4")}
NOTIFIED_BY = {"sr": "Secretaris van de bond", "lc": "General secretary of the union"}


def industrial_actions_demo(country) -> int:
    """A few industrial actions per demo country, once (nothing is added if the country has some)."""
    if IndustrialAction.objects.exists():
        return 0
    # The establishments and unions come from registers this module does not depend on, so their demo
    # data may not be loaded yet: it is loaded first (once, it is idempotent) where they are enabled.
    enabled = {config.manifest.key for config in modules_enabled_in(country)}
    if "unions" in enabled:
        unions_demo(country)
    if "workplaces" in enabled:
        workplaces_demo(country)
    officer, supervisor = demo_staff()
    employers = list(Employer.objects.filter(registration_number__startswith=f"{country.code.upper()}-C"))
    by_number = {employer.registration_number: employer for employer in employers}
    unions = list(TradeUnion.objects.filter(active=True).order_by("registration_number"))
    if not (officer and supervisor and employers):
        return 0
    rng = random.Random(f"industrial-actions-{country.code}")  # the same demo data every time
    today = timezone.localdate()
    scale = SCALE.get(country.code, Decimal("1"))
    added = 0
    for index, spec in enumerate(ACTIONS[: HOW_MANY.get(country.code, 4)]):
        business, kind, cause, women, men, days, stage, outcome, with_union, recorded = spec
        employer = by_number.get(f"{country.code.upper()}-C{1001 + business}")
        if employer is None:
            continue
        women, men = int(women * scale), int(men * scale)
        started = _started(stage, today, rng)
        action = industrial_action_open(
            values={
                "action_type": kind,
                "employer": employer,
                "workplace": employer.workplaces.order_by("pk").first(),
                "union": unions[index % len(unions)] if with_union and unions else None,
                "notified_by": NOTIFIED_BY.get(country.code, "General secretary of the union")
                if with_union
                else "",
                "workers_women": women,
                "workers_men": men,
                "started_on": started,
                "cause": code_lookup("industrial_action_cause", cause),
                "description": "Demo industrial action.",
                "opened_on": min(started, today) - datetime.timedelta(days=rng.randint(0, 7)),
            },
            by=officer,
        )
        if stage == "reported":
            letter_issue(
                case=action,
                key="industrial_actions/acknowledgment",
                language=country.default_language,
                by=officer,
            )
        elif stage == "withdrawn":
            case_transition(case=action, action="withdraw", by=supervisor, note="The union called it off.")
        else:
            case_assign(case=action, officer=officer, by=supervisor)
            case_transition(case=action, action="begin", by=officer)
            if stage == "ended":
                ended = _after_working_days(started, days)
                # Not every worker stays out every day: the figure reported is a little under the suggestion.
                participation = Decimal(rng.choice(("1", "0.9", "0.85")))
                days_lost = (Decimal((women + men) * days) * participation).quantize(Decimal("1"))
                case_transition(
                    case=action,
                    action="end",
                    by=supervisor,
                    values={
                        "ended_on": ended,
                        "outcome": outcome,
                        "days_not_worked": days_lost if recorded else None,
                    },
                )
        added += 1
    return added


def _started(stage: str, today: datetime.date, rng: random.Random) -> datetime.date:
    if stage == "reported":  # notified in advance, due to start next week
        return today + datetime.timedelta(days=rng.randint(5, 9))
    if stage == "ongoing":
        return _weekday(today - datetime.timedelta(days=rng.randint(1, 3)), back=True)
    return _weekday(today - datetime.timedelta(days=rng.randint(20, 340)))


def _weekday(day: datetime.date, *, back: bool = False) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=-1 if back else 1)
    return day


def _after_working_days(start: datetime.date, days: int) -> datetime.date:
    """The last day of an action lasting `days` working days from `start` (a weekday)."""
    end, left = start, max(days, 1) - 1
    while left:
        end += datetime.timedelta(days=1)
        if end.weekday() < 5:
            left -= 1
    return min(end, timezone.localdate())
