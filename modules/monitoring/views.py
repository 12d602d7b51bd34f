from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from clmis.records.locking import StaleEdit
from clmis.records.pages import RecordPages
from modules.monitoring.forms import ActivityForm
from modules.monitoring.listing import ACTIVITIES
from modules.monitoring.models import Activity
from modules.monitoring.selectors import activities_listed
from modules.monitoring.services import (
    activity_changeable_by,
    activity_confirm,
    activity_delete,
    activity_reopen,
    activity_save,
)

PAGES = RecordPages(
    model=Activity,
    name="activity",
    listing=ACTIVITIES,
    records=activities_listed,
    form=ActivityForm,
    save=lambda record, values, version, by: activity_save(
        activity=record, values=values, version=version, by=by
    ),
    created=gettext_lazy("“%(record)s” is recorded. A supervisor confirms it before it counts in reports."),
    changed=gettext_lazy("Your changes to “%(record)s” are saved."),
)
activity_list = PAGES.list_view()
activity_export = PAGES.export_view()
activity_detail = PAGES.detail_view()
activity_create = PAGES.create_view()
_activity_edit = PAGES.edit_view()


@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The edit page, refused outright (not after typing) for a confirmed activity and an officer."""
    activity = get_object_or_404(Activity.objects.only("status"), pk=pk)
    if not activity_changeable_by(activity, request.user):
        raise PermissionDenied(_("A confirmed activity can only be changed by a supervisor."))
    return _activity_edit(request, pk)


@login_required
@permission_required("monitoring.confirm_activity", raise_exception=True)
@require_POST
def activity_confirm_page(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity, pk=pk)
    if _done(
        request, lambda: activity_confirm(activity=activity, version=_version(request), by=request.user)
    ):
        messages.success(
            request, _("“%(record)s” is confirmed: it counts in the reports.") % {"record": activity}
        )
    return redirect(activity)


@login_required
@permission_required("monitoring.confirm_activity", raise_exception=True)
@require_POST
def activity_reopen_page(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_object_or_404(Activity, pk=pk)
    reason = request.POST.get("reason", "")
    if _done(
        request,
        lambda: activity_reopen(activity=activity, reason=reason, version=_version(request), by=request.user),
    ):
        messages.success(
            request,
            _("“%(record)s” is reopened: it can be corrected and confirmed again.") % {"record": activity},
        )
    return redirect(activity)


@login_required
@permission_required("monitoring.delete_activity", raise_exception=True)
@require_http_methods(["GET", "POST"])
def activity_delete_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first (a page, not a script), then deletes a draft recorded by mistake."""
    activity = get_object_or_404(activities_listed(), pk=pk)
    if request.method == "POST" and _done(
        request, lambda: activity_delete(activity=activity, by=request.user)
    ):
        messages.success(request, _("“%(record)s” is deleted.") % {"record": activity})
        return redirect("monitoring:list")
    if activity.is_confirmed:
        return redirect(activity)
    return render(request, "monitoring/activity_delete.html", {"activity": activity})


def _version(request: HttpRequest) -> int | None:
    text = request.POST.get("version", "")
    return int(text) if text.isdigit() else None


def _done(request: HttpRequest, change) -> bool:
    """Run a status change; a refusal (stale, already confirmed, no reason) becomes a message on the page."""
    try:
        change()
    except (StaleEdit, ValidationError) as refused:
        for message in refused.messages:
            messages.error(request, message)
        return False
    return True
