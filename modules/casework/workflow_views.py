"""A country's workflow settings pages: per case type, its optional states and its deadlines."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_http_methods, require_POST

from modules.casework.country_workflow import country_tweaks, shipped_workflow
from modules.casework.models import ExtraState, StateDeadline
from modules.casework.selectors import case_types
from modules.casework.services import deadline_set, extra_state_add, extra_state_remove

MANAGE = "casework.change_statedeadline"


class ExtraStateForm(forms.Form):
    key = forms.SlugField(
        label=gettext_lazy("Key"),
        max_length=32,
        help_text=gettext_lazy("Letters, digits and _, e.g. documents"),
    )
    label = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    after = forms.ChoiceField(
        label=gettext_lazy("Taken from the state"),
        help_text=gettext_lazy("Cases go to the new state from this one, and come back to it."),
    )

    def __init__(self, *args, open_states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["after"].choices = open_states


class DeadlinesForm(forms.Form):
    """Days per open state; empty for none."""

    def __init__(self, *args, states, deadlines, **kwargs):
        super().__init__(*args, **kwargs)
        for state in states:
            self.fields[f"days_{state.key}"] = forms.IntegerField(
                label=state.label,
                required=False,
                min_value=1,
                max_value=3650,
                initial=deadlines.get(state.key),
            )


def _in_use() -> list[type]:
    modules = set(connection.tenant.module_enablements.values_list("module", flat=True))
    return sorted(case_types(modules), key=lambda model: str(model._meta.verbose_name_plural))


def _case_type(label: str) -> type:
    model = next((model for model in _in_use() if model._meta.label_lower == label), None)
    if model is None:
        raise Http404
    return model


@login_required
@permission_required(MANAGE, raise_exception=True)
def workflow_list(request: HttpRequest) -> HttpResponse:
    rows = []
    for model in _in_use():
        extras, deadlines = country_tweaks(model._meta.label_lower)
        rows.append(
            {
                "title": model._meta.verbose_name_plural,
                "label": model._meta.label_lower,
                "extras": extras,
                "deadlines": deadlines,
            }
        )
    return render(request, "casework/workflow_list.html", {"rows": rows})


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_http_methods(["GET", "POST"])
def workflow_detail(request: HttpRequest, case_type: str) -> HttpResponse:
    model = _case_type(case_type)
    workflow = model.workflow
    open_states = [state for state in workflow.states if not state.closed]
    _extras, deadlines = country_tweaks(case_type)
    shipped_open = [(s.key, s.label) for s in shipped_workflow(model).states if not s.closed]
    deadline_form = DeadlinesForm(
        request.POST if "deadlines" in request.POST else None, states=open_states, deadlines=deadlines
    )
    state_form = ExtraStateForm(
        request.POST if "add_state" in request.POST else None, open_states=shipped_open
    )
    saving_deadlines = request.method == "POST" and "deadlines" in request.POST
    if (
        saving_deadlines
        and deadline_form.is_valid()
        and _deadlines_save(request, case_type, open_states, deadline_form)
    ):
        messages.success(request, _("The deadlines are saved; cases entering a state from now on get them."))
        return redirect("workflows:detail", case_type=case_type)
    if request.method == "POST" and "add_state" in request.POST and state_form.is_valid():
        try:
            extra_state_add(case_type=case_type, by=request.user, **state_form.cleaned_data)
        except ValidationError as error:
            state_form.add_error(None, error)
        else:
            messages.success(request, _("The state %(label)s is added.") % state_form.cleaned_data)
            return redirect("workflows:detail", case_type=case_type)
    context = {
        "title": model._meta.verbose_name_plural,
        "case_type": case_type,
        "workflow": workflow,
        "extras": ExtraState.objects.filter(case_type=case_type),
        "deadline_form": deadline_form,
        "state_form": state_form,
        "history": _history(case_type),
    }
    return render(request, "casework/workflow_detail.html", context)


def _deadlines_save(request: HttpRequest, case_type: str, states, form: DeadlinesForm) -> bool:
    try:
        with transaction.atomic():
            for state in states:
                days = form.cleaned_data[f"days_{state.key}"]
                deadline_set(case_type=case_type, state=state.key, days=days, by=request.user)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@login_required
@permission_required(MANAGE, raise_exception=True)
@require_POST
def extra_state_delete(request: HttpRequest, case_type: str, pk: int) -> HttpResponse:
    state = get_object_or_404(ExtraState, pk=pk, case_type=case_type)
    try:
        extra_state_remove(state=state, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The state %(label)s is removed.") % {"label": state.label})
    return redirect("workflows:detail", case_type=case_type)


def _history(case_type: str) -> list[dict]:
    """What changed in this case type's workflow settings, newest first."""
    entries = [
        {"when": row.history_date, "actor": row.actor, "what": _describe(row)}
        for model in (ExtraState, StateDeadline)
        for row in model.history.filter(case_type=case_type)[:100]
    ]
    return sorted(entries, key=lambda entry: entry["when"], reverse=True)[:100]


def _describe(row) -> str:
    kind = {
        "+": pgettext("a setting was", "added"),
        "~": pgettext("a setting was", "changed"),
        "-": pgettext("a setting was", "removed"),
    }[row.history_type]
    if hasattr(row, "days"):
        return _("Deadline of %(state)s: %(days)d days (%(kind)s)") % {
            "state": row.state,
            "days": row.days,
            "kind": kind,
        }
    return _("Optional state %(label)s after %(after)s (%(kind)s)") % {
        "label": row.label,
        "after": row.after,
        "kind": kind,
    }
