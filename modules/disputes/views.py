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
from modules.disputes.forms import DisputeForm, MeetingForm
from modules.disputes.listing import DISPUTES
from modules.disputes.models import Dispute, Meeting
from modules.disputes.selectors import disputes_listed
from modules.disputes.services import dispute_open, dispute_update, meeting_save


def _save(record, values, version, by):
    if record is None:
        return dispute_open(values=values, by=by)
    return dispute_update(dispute=record, values=values, version=version, by=by)


PAGES = CasePages(
    model=Dispute,
    name="dispute",
    listing=DISPUTES,
    records=disputes_listed,
    form=DisputeForm,
    save=_save,
    created=gettext_lazy("Dispute %(record)s is registered."),
    changed=gettext_lazy("Your changes to %(record)s are saved."),
)
dispute_list = PAGES.list_view()
dispute_export = PAGES.export_view()
dispute_detail = PAGES.detail_view()
dispute_create = PAGES.create_view()
dispute_edit = PAGES.edit_view()


@login_required
@permission_required("disputes.add_meeting", raise_exception=True)
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    dispute = get_object_or_404(Dispute, pk=pk)
    form = MeetingForm(
        request.POST or None,
        instance=Meeting(dispute=dispute),
        initial={"place": dispute.next_meeting_place, "held_on": dispute.next_meeting_on},
    )
    if request.method == "POST":
        saved = form_save(
            form,
            lambda values, version: meeting_save(
                dispute=dispute, values=values, version=None, by=request.user
            ),
        )
        if saved is not None:
            messages.success(request, _("The meeting is recorded."))
            return redirect(dispute)
    return render(request, "disputes/meeting_form.html", {"form": form, "dispute": dispute})


@login_required
@permission_required("disputes.change_meeting", raise_exception=True)
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("dispute"), pk=pk)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST":
        saved = form_save(
            form,
            lambda values, version: meeting_save(
                dispute=meeting.dispute, meeting=meeting, values=values, version=version, by=request.user
            ),
        )
        if saved is not None:
            messages.success(request, _("Your changes to the meeting are saved."))
            return redirect(meeting.dispute)
    context = {"form": form, "dispute": meeting.dispute, "history": history_of(meeting)}
    return render(request, "disputes/meeting_form.html", context)
