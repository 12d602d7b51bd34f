from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from clmis.audit.history import history_of
from clmis.records.forms import VersionedModelForm, form_save
from clmis.records.models import Versioned
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
from modules.inspections.selectors import checklist_of, inspections_listed
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


# --- what is recorded beside an inspection: violations, notices, penalties --------------------------------

Save = Callable[..., Versioned]


def _record_views(
    model: type[Versioned],
    form_class: type[VersionedModelForm],
    save: Save,
    titles: tuple[Promise, Promise],
    created: Promise,
) -> tuple[Callable, Callable]:
    """The page to record one more (a violation...) and the page to change one, with its history."""
    name = model._meta.model_name

    def page(request: HttpRequest, inspection: Inspection, record, form) -> HttpResponse:
        if request.method == "POST":
            saved = form_save(
                form,
                lambda values, version: save(
                    inspection=inspection, values=values, version=version, by=request.user, **{name: record}
                ),
            )
            if saved is not None:
                messages.success(request, str(created) if record is None else _("Your changes are saved."))
                return redirect(inspection)
        context = {
            "form": form,
            "inspection": inspection,
            "title": str(titles[0] if record is None else titles[1]),
            "history": history_of(record) if record is not None else None,
        }
        return render(request, "inspections/record_form.html", context)

    @login_required
    @permission_required(f"inspections.add_{name}", raise_exception=True)
    @require_http_methods(["GET", "POST"])
    def create(request: HttpRequest, pk: int) -> HttpResponse:
        inspection = get_object_or_404(Inspection, pk=pk)
        return page(
            request, inspection, None, form_class(request.POST or None, instance=model(inspection=inspection))
        )

    @login_required
    @permission_required(f"inspections.change_{name}", raise_exception=True)
    @require_http_methods(["GET", "POST"])
    def edit(request: HttpRequest, pk: int) -> HttpResponse:
        record = get_object_or_404(model.objects.select_related("inspection"), pk=pk)
        return page(request, record.inspection, record, form_class(request.POST or None, instance=record))

    return create, edit


violation_create, violation_edit = _record_views(
    Violation,
    ViolationForm,
    violation_save,
    (gettext_lazy("Record a violation"), gettext_lazy("Edit the violation")),
    gettext_lazy("The violation is recorded."),
)
notice_create, notice_edit = _record_views(
    Notice,
    NoticeForm,
    notice_save,
    (gettext_lazy("Record a notice"), gettext_lazy("Edit the notice")),
    gettext_lazy("The notice is recorded."),
)
penalty_create, penalty_edit = _record_views(
    Penalty,
    PenaltyForm,
    penalty_save,
    (gettext_lazy("Record a penalty"), gettext_lazy("Edit the penalty")),
    gettext_lazy("The penalty is recorded."),
)
