from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from clmis.records.forms import form_save
from modules.casework.pages import CasePages
from modules.work_permits.forms import WorkPermitForm
from modules.work_permits.listing import WORK_PERMITS
from modules.work_permits.models import WorkPermit
from modules.work_permits.selectors import permit_renewal_initial, permits_listed
from modules.work_permits.services import permit_apply, permit_update


def _save(record, values, version, by):
    if record is None:
        return permit_apply(values=values, by=by)
    return permit_update(permit=record, values=values, version=version, by=by)


PAGES = CasePages(
    model=WorkPermit,
    name="permit",
    listing=WORK_PERMITS,
    records=permits_listed,
    form=WorkPermitForm,
    save=_save,
    created=gettext_lazy("The application %(record)s is registered."),
    changed=gettext_lazy("Your changes to %(record)s are saved."),
)
permit_list = PAGES.list_view()
permit_export = PAGES.export_view()
permit_detail = PAGES.detail_view()
permit_create = PAGES.create_view()
permit_edit = PAGES.edit_view()


@login_required
@permission_required("work_permits.add_workpermit", raise_exception=True)
@require_http_methods(["GET", "POST"])
def permit_renew(request: HttpRequest, pk: int) -> HttpResponse:
    """A new application prefilled from an approved permit (only an approved one can be renewed)."""
    renewed = get_object_or_404(permits_listed().filter(status="approved"), pk=pk)
    form = WorkPermitForm(request.POST or None, initial=permit_renewal_initial(renewed))
    if request.method == "POST":
        saved = form_save(
            form,
            lambda values, version: permit_apply(values={**values, "renewal_of": renewed}, by=request.user),
        )
        if saved is not None:
            messages.success(request, PAGES.created % {"record": saved})
            return redirect(saved)
    return render(request, "work_permits/permit_form.html", {"form": form, "renewed": renewed})
