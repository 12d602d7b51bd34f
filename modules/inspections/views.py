from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from clmis.records.pages import PartPages, View
from modules.casework.pages import CasePages
from modules.inspections.forms import (
    ChecklistForm,
    FollowUpForm,
    InspectionForm,
    NoticeForm,
    PenaltyForm,
    ViolationForm,
)
from modules.inspections.listing import INSPECTIONS
from modules.inspections.models import Inspection, Notice, Penalty, Violation
from modules.inspections.selectors import checklist_of, inspection_shown, inspections_listed
from modules.inspections.services import (
    checklist_record,
    inspection_follow_up,
    inspection_open,
    inspection_update,
    notice_save,
    penalty_save,
    violation_save,
)


def _save(record, values, version, by):
    if record is None:
        return inspection_open(values=values, by=by)
    return inspection_update(inspection=record, values=values, version=version, by=by)


PAGES = CasePages(
    model=Inspection,
    name="inspection",
    listing=INSPECTIONS,
    records=inspections_listed,
    shown=inspection_shown,
    form=InspectionForm,
    save=_save,
    created=gettext_lazy("Inspection %(record)s is planned."),
    changed=gettext_lazy("Your changes to %(record)s are saved."),
)
inspection_list = PAGES.list_view()
inspection_export = PAGES.export_view()
inspection_detail = PAGES.detail_view()
inspection_create = PAGES.create_view()
inspection_edit = PAGES.edit_view()


@login_required
@permission_required("inspections.change_checklistitem", raise_exception=True)
@require_http_methods(["GET", "POST"])
def checklist_edit(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(Inspection, pk=pk)
    form = ChecklistForm(request.POST or None, items=checklist_of(inspection))
    if request.method == "POST" and form.is_valid():
        try:
            checklist_record(inspection=inspection, entries=form.entries(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The checklist is saved."))
            return redirect(inspection)
    return render(request, "inspections/checklist_form.html", {"form": form, "inspection": inspection})


@login_required
@permission_required("inspections.add_inspection", raise_exception=True)
@require_POST
def follow_up_create(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(Inspection, pk=pk)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(inspection)
    try:
        follow_up = inspection_follow_up(
            inspection=inspection, values=_given(form.cleaned_data), by=request.user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(inspection)
    messages.success(
        request, _("Follow-up visit %(reference)s is planned.") % {"reference": follow_up.reference}
    )
    return redirect(follow_up)


def _given(data: dict) -> dict:
    return {name: value for name, value in data.items() if value is not None}


def _part_views(model, form, save, titles, created) -> tuple[View, View]:
    """The pages to record a violation, notice or penalty of an inspection and to change one."""
    pages = PartPages(
        model=model,
        parent="inspection",
        form=form,
        save=save,
        titles=titles,
        created=created,
        changed=gettext_lazy("Your changes are saved."),
    )
    return pages.create_view(), pages.edit_view()


violation_create, violation_edit = _part_views(
    Violation,
    ViolationForm,
    violation_save,
    (gettext_lazy("Record a violation"), gettext_lazy("Edit the violation")),
    gettext_lazy("The violation is recorded."),
)
notice_create, notice_edit = _part_views(
    Notice,
    NoticeForm,
    notice_save,
    (gettext_lazy("Record a notice"), gettext_lazy("Edit the notice")),
    gettext_lazy("The notice is recorded."),
)
penalty_create, penalty_edit = _part_views(
    Penalty,
    PenaltyForm,
    penalty_save,
    (gettext_lazy("Record a penalty"), gettext_lazy("Edit the penalty")),
    gettext_lazy("The penalty is recorded."),
)
