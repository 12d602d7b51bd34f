"""Transitions the platform takes by itself (`system=True`), and dates a transition stamps (`stamps`)."""

import dataclasses
import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django_tenants.utils import tenant_context

from modules.casework.services import case_open, case_transition
from modules.casework.workflow import Transition
from tests.casework_app.models import Grievance
from tests.support import user_in


@pytest.fixture
def investigating(kn) -> Grievance:
    with tenant_context(kn):
        case = case_open(case=Grievance(), values={"complainant": "Cavel Mills"}, by=user_in(kn, "officer"))
        return case_transition(case=case, action="investigate", by=user_in(kn, "officer"))


def test_the_platform_takes_a_system_transition_as_the_system(kn, investigating):
    with tenant_context(kn):
        case_transition(case=investigating, action="close_unanswered", by=None, note="No answer in 90 days.")
        investigating.refresh_from_db()
        assert investigating.status == "withdrawn" and investigating.closed_on == datetime.date.today()
        event = investigating.events.filter(kind="status").last()
        assert event.actor == "system" and "No answer in 90 days." in event.text
        assert investigating.history.first().actor == "system"


def test_the_platform_may_take_no_other_transition_and_nothing_changes(kn, investigating):
    with tenant_context(kn), pytest.raises(PermissionDenied) as refused:
        case_transition(case=investigating, action="withdraw", by=None)
    assert "taken by a person" in str(refused.value)
    with tenant_context(kn):
        investigating.refresh_from_db()
        assert investigating.status == "investigating" and investigating.events.count() == 2


def test_people_still_need_the_permission_for_a_system_transition(kn, investigating):
    with tenant_context(kn):
        with pytest.raises(PermissionDenied):
            case_transition(case=investigating, action="close_unanswered", by=user_in(kn, "officer"))
        case_transition(case=investigating, action="close_unanswered", by=user_in(kn, "supervisor"))
        investigating.refresh_from_db()
        assert investigating.status == "withdrawn"


def test_a_transition_stamps_its_dates_with_today(kn, investigating, monkeypatch):
    workflow = Grievance.workflow
    reminder = Transition(
        "remind",
        "Remind",
        ("investigating",),
        "investigating",
        "grievances.change_grievance",
        stamps=("due_on",),
    )
    monkeypatch.setattr(
        Grievance, "workflow", dataclasses.replace(workflow, transitions=(*workflow.transitions, reminder))
    )
    with tenant_context(kn):
        case_transition(case=investigating, action="remind", by=user_in(kn, "officer"))
        investigating.refresh_from_db()
        assert investigating.due_on == datetime.date.today() and investigating.status == "investigating"
