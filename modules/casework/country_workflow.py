"""A case type's workflow as the current country has it: the module's own states and transitions, plus
the optional states the country added (each a side step from one open state and back), and the
deadlines it set per state.

Case types declare `workflow = Workflow(...)`; Case wraps it in CountryWorkflow, so `Model.workflow`
everywhere (pages, API, reports, services) is the country's, read through the cache. Outside a
country (the hub, the template schema, system checks) it is the module's own.
"""

import datetime

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name

from clmis.memo import forget, held
from modules.casework.workflow import State, Transition, Workflow

ENTER, LEAVE = "enter_", "leave_"


class CountryWorkflow:
    """A descriptor: Model.workflow gives the model's workflow with the current country's extras."""

    def __init__(self, shipped: Workflow):
        self.shipped = shipped

    def __get__(self, instance, owner) -> Workflow:
        if connection.schema_name in (get_public_schema_name(), settings.TENANT_BASE_SCHEMA):
            return self.shipped
        extras, _deadlines = country_tweaks(owner._meta.label_lower)
        if not extras:
            return self.shipped
        return extended(self.shipped, extras, f"{owner._meta.app_label}.change_{owner._meta.model_name}")


def shipped_workflow(model: type) -> Workflow:
    """The module's own workflow of a case type, without the country's optional states."""
    for klass in model.__mro__:
        declared = klass.__dict__.get("workflow")
        if isinstance(declared, CountryWorkflow):
            return declared.shipped
    return model.workflow


def extended(workflow: Workflow, extras: tuple[tuple[str, str, str], ...], permission: str) -> Workflow:
    """The workflow with each optional state (key, label, after) and the two transitions to and from it."""
    states = list(workflow.states)
    transitions = list(workflow.transitions)
    for key, label, after in extras:
        states.append(State(key, label))
        transitions.append(Transition(f"{ENTER}{key}", label, (after,), key, permission))
        back = _("Back to %(state)s") % {"state": workflow.label(after)}
        transitions.append(Transition(f"{LEAVE}{key}", back, (key,), after, permission))
    return Workflow(states=tuple(states), transitions=tuple(transitions), initial=workflow.initial)


def country_tweaks(case_type: str) -> tuple[tuple[tuple[str, str, str], ...], dict[str, int]]:
    """The current country's optional states (key, label, after) and deadlines (state -> days) of a
    case type (clmis.memo: a list page asks once per row, for each case's status label)."""
    from modules.casework.models import ExtraState, StateDeadline

    def load() -> tuple:
        extras = tuple(ExtraState.objects.filter(case_type=case_type).values_list("key", "label", "after"))
        deadlines = dict(StateDeadline.objects.filter(case_type=case_type).values_list("state", "days"))
        return (extras, deadlines)

    return held(f"workflow:{case_type}", load)


def country_tweaks_forget(case_type: str) -> None:
    forget(f"workflow:{case_type}")


def due_on_entering(case_type: str, state: str, today: datetime.date | None = None) -> datetime.date | None:
    """The due date a case gets by entering a state the country set a deadline for (None: no deadline)."""
    _extras, deadlines = country_tweaks(case_type)
    days = deadlines.get(state)
    if days is None:
        return None
    return (today or timezone.localdate()) + datetime.timedelta(days=days)
