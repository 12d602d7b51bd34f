from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from clmis.audit.history import history_of
from clmis.records.forms import form_save
from modules.casework.pages import CasePages
from modules.complaints.forms import ComplaintForm, HearingForm
from modules.complaints.listing import COMPLAINTS
from modules.complaints.models import Complaint, Hearing
from modules.complaints.selectors import complaints_listed
from modules.complaints.services import complaint_open, complaint_update, hearing_save


def _save(record, values, version, by):
    if record is None:
        return complaint_open(values=values, by=by)
    return complaint_update(complaint=record, values=values, version=version, by=by)


PAGES = CasePages(
    model=Complaint,
    name="complaint",
    listing=COMPLAINTS,
    records=complaints_listed,
    form=ComplaintForm,
    save=_save,
    created=gettext_lazy("Complaint %(record)s is registered."),
    changed=gettext_lazy("Your changes to %(record)s are saved."),
)
complaint_list = PAGES.list_view()
complaint_export = PAGES.export_view()
complaint_detail = PAGES.detail_view()
complaint_create = PAGES.create_view()
complaint_edit = PAGES.edit_view()


@login_required
@permission_required("complaints.add_hearing", raise_exception=True)
@require_http_methods(["GET", "POST"])
def hearing_create(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = get_object_or_404(Complaint, pk=pk)
    form = HearingForm(request.POST or None, instance=Hearing(complaint=complaint))
    if request.method == "POST":
        saved = form_save(
            form,
            lambda values, version: hearing_save(
                complaint=complaint, values=values, version=None, by=request.user
            ),
        )
        if saved is not None:
            messages.success(request, _("The hearing is recorded."))
            return redirect(complaint)
    return render(request, "complaints/hearing_form.html", {"form": form, "complaint": complaint})


@login_required
@permission_required("complaints.change_hearing", raise_exception=True)
@require_http_methods(["GET", "POST"])
def hearing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    hearing = get_object_or_404(Hearing.objects.select_related("complaint"), pk=pk)
    form = HearingForm(request.POST or None, instance=hearing)
    if request.method == "POST":
        saved = form_save(
            form,
            lambda values, version: hearing_save(
                complaint=hearing.complaint, hearing=hearing, values=values, version=version, by=request.user
            ),
        )
        if saved is not None:
            messages.success(request, _("Your changes to the hearing are saved."))
            return redirect(hearing.complaint)
    context = {"form": form, "complaint": hearing.complaint, "history": history_of(hearing)}
    return render(request, "complaints/hearing_form.html", context)
