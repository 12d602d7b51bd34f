"""Demo disputes: a year of them in each demo country, at every stage, between demo employers and unions.

A small island state's Department sees a dispute or two a month: a union over a collective agreement or
a dismissal, or a handful of unorganised workers over wages.
"""

import datetime
import random

from django.utils import timezone

from modules.casework.demo import demo_staff
from modules.casework.services import case_assign, case_transition
from modules.disputes.models import Dispute
from modules.disputes.services import dispute_open, dispute_update, meeting_save
from modules.employers.models import Employer
from modules.reference.selectors import code_lookup
from modules.unions.models import TradeUnion

# (issues, with a union?, group of workers when not, workers involved)
DISPUTES = (
    (("AGREEMENT", "WAGES"), True, "", 140),
    (("DISMISSAL",), True, "", 1),
    (("WAGES",), False, "Kitchen and housekeeping staff", 23),
    (("RECOGNITION",), True, "", 85),
    (("CONDITIONS", "OSH"), False, "Packing line workers", 16),
    (("DISMISSAL",), True, "", 12),
    (("AGREEMENT",), True, "", 310),
    (("WAGES", "CONDITIONS"), False, "Security guards on night shifts", 9),
    (("OSH",), True, "", 48),
    (("DISMISSAL", "WAGES"), False, "Seasonal farm workers", 14),
    (("OTHER",), True, "", 30),
    (("AGREEMENT", "CONDITIONS"), True, "", 62),
)
# The stage each demo dispute is taken to, in turn.
STAGES = ("reported", "conciliation", "settled", "partly", "settled", "referred", "withdrawn", "conciliation")
PLACES = {"sr": "Ministerie van Arbeid, Paramaribo", "lc": "Department of Labour, Castries"}
TERMS = (
    "Wages up 3% from next month and 2% a year later; the union withdraws its strike notice.",
    "The dismissed worker is reinstated without loss of seniority; the warning stays on file for six months.",
    "Arrears paid in two instalments within sixty days; overtime rota agreed with the shop steward.",
)


def disputes_demo(country) -> int:
    """About a dozen disputes per demo country, once (nothing is added if the country has disputes)."""
    if Dispute.objects.exists():
        return 0
    officer, supervisor = demo_staff()
    employers = list(Employer.objects.filter(active=True).order_by("registration_number")[:14])
    unions = list(TradeUnion.objects.filter(active=True).order_by("registration_number"))
    if not (officer and supervisor and employers and unions):
        return 0
    rng = random.Random(f"disputes-{country.code}")  # the same demo data every time
    today = timezone.localdate()
    place = PLACES.get(country.code, "Department of Labour, Basseterre")
    for index, (issues, with_union, group, workers) in enumerate(DISPUTES):
        reported = today - datetime.timedelta(days=rng.randint(20, 350))
        dispute = dispute_open(
            values={
                "employer": employers[(index * 5) % len(employers)],
                "union": unions[index % len(unions)] if with_union else None,
                "workers_description": group,
                "workers_involved": workers,
                "issues": [code_lookup("dispute_issue", code) for code in issues],
                "description": "Demo dispute.",
                "reported_on": reported,
                "opened_on": reported + datetime.timedelta(days=rng.randint(0, 3)),
            },
            by=officer,
        )
        _take_to(dispute, STAGES[index % len(STAGES)], officer, supervisor, place, rng)
    return len(DISPUTES)


def _take_to(dispute: Dispute, stage: str, officer, supervisor, place: str, rng: random.Random) -> None:
    if stage == "reported":
        return
    if stage == "withdrawn":
        case_transition(
            case=dispute, action="withdraw", by=supervisor, note="The union withdrew the dispute."
        )
        return
    case_assign(
        case=dispute, officer=officer, by=supervisor, due_on=dispute.opened_on + datetime.timedelta(days=60)
    )
    case_transition(case=dispute, action="conciliate", by=officer)
    held = dispute.opened_on
    for _meeting in range(rng.randint(1, 3)):
        held = min(held + datetime.timedelta(days=rng.randint(5, 15)), timezone.localdate())
        meeting_save(
            dispute=dispute,
            values={
                "held_on": held,
                "place": place,
                "attended_employer": "Human resources manager; the employer's attorney",
                "attended_workers": "General secretary and two shop stewards"
                if dispute.union_id
                else "Three of the workers",
                "attended_department": "Labour officer (conciliator)",
                "minutes": "Positions stated; the parties agreed to consult and meet again.",
            },
            version=None,
            by=officer,
        )
    dispute.refresh_from_db()
    if stage == "conciliation":
        # The next meeting, announced to the parties by a meeting notice.
        next_meeting = timezone.localdate() + datetime.timedelta(days=rng.randint(3, 14))
        dispute_update(
            dispute=dispute,
            values={"next_meeting_on": next_meeting, "next_meeting_place": place},
            version=dispute.version,
            by=officer,
        )
        return
    if stage in ("settled", "partly"):
        case_transition(
            case=dispute,
            action="settle" if stage == "settled" else "settle_partly",
            by=supervisor,
            values={"settled_on": held, "terms": rng.choice(TERMS)},
        )
    elif stage == "referred":
        case_transition(
            case=dispute,
            action="refer",
            by=supervisor,
            values={"referral": rng.choice(("tribunal", "arbitration"))},
            note="No agreement after conciliation.",
        )
