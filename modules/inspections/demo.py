"""Demo inspections: a year of visits to the demo workplaces in each demo country, at every stage."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from modules.casework.demo import demo_staff
from modules.casework.models import Case
from modules.casework.services import case_assign, case_transition
from modules.inspections.models import COMPLAINT_CASE_TYPE, Finding, Inspection, Kind, NoticeKind
from modules.inspections.selectors import inspection_areas
from modules.inspections.services import (
    checklist_record,
    inspection_follow_up,
    inspection_open,
    notice_save,
    penalty_save,
    violation_save,
)
from modules.workplaces.models import Workplace
from tenants.selectors import module_enabled_here

# The stage each demo inspection is taken to, in turn.
STAGES = (
    "closed",
    "visited",
    "notices",
    "closed",
    "planned",
    "closed",
    "notices",
    "cancelled",
    "closed",
    "visited",
)
PROVISIONS = {
    "WAGES": "Protection of Wages Act, s. 4",
    "HOURS": "Labour Code, s. 23 (hours of work)",
    "LEAVE": "Labour Code, s. 31 (annual leave)",
    "OSH": "Occupational Safety and Health Act, s. 11",
    "CHILD_LABOUR": "Employment of Children Act, s. 3",
    "MIGRANT_DOCS": "Work Permits Act, s. 6",
    "CONTRACTS": "Labour Code, s. 9 (written particulars)",
    "DISCRIMINATION": "Equal Opportunity Act, s. 5",
    "SOCIAL_SECURITY": "Social Security Act, s. 17",
}
REQUIREMENTS = {
    NoticeKind.IMPROVEMENT: "Put the missing guards on the machines and train the operators.",
    NoticeKind.PROHIBITION: "Stop work on the scaffolding until it is repaired and inspected.",
    NoticeKind.WARNING: "Pay the overtime owed and keep a record of hours worked.",
}


def inspections_demo(country) -> int:
    """About twenty inspections per demo country (and two follow-ups), once: none if it has inspections."""
    if Inspection.objects.exists():
        return 0
    officer, supervisor = demo_staff()
    workplaces = list(
        Workplace.objects.filter(active=True)
        .select_related("employer")
        .order_by("employer__name", "name")[:16]
    )
    if not (officer and supervisor and workplaces):
        return 0
    rng = random.Random(f"inspections-{country.code}")  # the same demo data every time
    today = timezone.localdate()
    complaints = (
        list(Case.objects.filter(case_type=COMPLAINT_CASE_TYPE).order_by("opened_on")[:4])
        if module_enabled_here("complaints")
        else []
    )
    added, closed_with_notices = 0, []
    for index in range(20):
        workplace = workplaces[index % len(workplaces)]
        complaint = complaints.pop() if index % 5 == 1 and complaints else None
        opened = today - datetime.timedelta(days=rng.randint(20, 360))
        if complaint is not None:  # the visit a complaint called for comes after it
            opened = max(opened, complaint.opened_on)
        inspection = inspection_open(
            values={
                "kind": Kind.COMPLAINT if complaint else Kind.PLANNED,
                "workplace": workplace,
                "prompted_by": complaint,
                "opened_on": opened,
                "due_on": opened + datetime.timedelta(days=21),
                "inspectors": [supervisor] if index % 4 == 0 else [],
            },
            by=officer,
        )
        added += 1
        stage = STAGES[index % len(STAGES)]
        _take_to(inspection, stage, officer, supervisor, rng, today)
        if stage == "closed" and inspection.notices.exists():
            closed_with_notices.append(inspection)
    for inspection in closed_with_notices[:2]:
        follow_up = inspection_follow_up(
            inspection=inspection,
            values={"opened_on": min(inspection.visited_on + datetime.timedelta(days=31), today)},
            by=officer,
        )
        _visit(follow_up, officer, supervisor, rng, today, findings="The notices have been complied with.")
        added += 1
    return added


def _take_to(inspection: Inspection, stage: str, officer, supervisor, rng: random.Random, today) -> None:
    if stage == "planned":
        case_assign(case=inspection, officer=officer, by=supervisor)
        return
    if stage == "cancelled":
        case_transition(
            case=inspection, action="cancel", by=officer, note="The business was closed for repairs."
        )
        return
    _visit(
        inspection, officer, supervisor, rng, today, findings="Walked through the premises with the manager."
    )
    breaches = _checklist(inspection, officer, rng)
    if stage == "visited" or (stage == "closed" and not breaches):
        if stage == "closed":
            case_transition(case=inspection, action="close", by=supervisor)
        return
    for area in breaches:
        violation_save(
            inspection=inspection,
            values={
                "area": area,
                "provision": PROVISIONS.get(area.code, "Labour Code"),
                "description": "Seen at the visit.",
            },
            version=None,
            by=officer,
        )
    kind = rng.choice(list(NoticeKind))
    deadline = inspection.visited_on + datetime.timedelta(days=rng.choice((14, 30, 60)))
    complied = (
        deadline - datetime.timedelta(days=3) if deadline - datetime.timedelta(days=3) <= today else None
    )
    notice_save(
        inspection=inspection,
        values={
            "kind": kind,
            "requirement": REQUIREMENTS[kind],
            "deadline": deadline,
            "complied_on": complied if stage == "closed" else None,
        },
        version=None,
        by=officer,
    )
    case_transition(case=inspection, action="issue_notices", by=officer)
    if stage == "closed":
        if rng.random() < 0.5:
            imposed = min(inspection.visited_on + datetime.timedelta(days=45), today)
            paid = imposed + datetime.timedelta(days=20)
            penalty_save(
                inspection=inspection,
                values={
                    "amount": Decimal(rng.randint(5, 40) * 100),
                    "imposed_on": imposed,
                    "paid_on": paid if paid <= today else None,
                },
                version=None,
                by=officer,
            )
        case_transition(case=inspection, action="close", by=supervisor)


def _visit(inspection: Inspection, officer, supervisor, rng: random.Random, today, *, findings: str) -> None:
    if inspection.assigned_to_id is None:
        case_assign(case=inspection, officer=officer, by=supervisor)
    workplace = inspection.workplace
    visited = min(inspection.opened_on + datetime.timedelta(days=rng.randint(1, 14)), today)
    case_transition(
        case=inspection,
        action="visit",
        by=officer,
        values={
            "visited_on": visited,
            "workers_women": max(0, workplace.workers_women - rng.randint(0, 3)),
            "workers_men": max(0, workplace.workers_men - rng.randint(0, 3)),
            "findings": findings,
        },
    )


def _checklist(inspection: Inspection, officer, rng: random.Random) -> list:
    """Check most areas; one or two are found not compliant now and then. Returns those areas."""
    entries, breaches = [], []
    items = {item.area_id: item for item in inspection.checklist.all()}
    for area in inspection_areas():
        roll = rng.random()
        finding = (
            Finding.NOT_CHECKED
            if roll < 0.25
            else Finding.NOT_COMPLIANT
            if roll > 0.85
            else Finding.COMPLIANT
        )
        if finding == Finding.NOT_COMPLIANT:
            breaches.append(area)
        item = items.get(area.pk)
        entries.append((area, {"finding": finding, "note": ""}, item.version if item else None))
    checklist_record(inspection=inspection, entries=entries, by=officer)
    return breaches
