from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from clmis.records.forms import form_save
from clmis.records.pages import RecordPages
from modules.employers.models import Employer
from modules.workplaces.fields import workplace_label, workplaces_matching
from modules.workplaces.forms import WorkplaceForm
from modules.workplaces.listing import WORKPLACES
from modules.workplaces.models import Workplace
from modules.workplaces.selectors import workplaces_listed
from modules.workplaces.services import workplace_save

PAGES = RecordPages(
    model=Workplace,
    name="workplace",
    listing=WORKPLACES,
    records=workplaces_listed,
    form=WorkplaceForm,
    save=lambda record, values, version, by: workplace_save(
        employer=record.employer, workplace=record, values=values, version=version, by=by
    ),
    created=gettext_lazy("%(record)s is recorded."),
    changed=gettext_lazy("Your changes to %(record)s are saved."),
    form_context=lambda record: {"employer": record.employer},
)
workplace_list = PAGES.list_view()
workplace_export = PAGES.export_view()
workplace_detail = PAGES.detail_view()
workplace_edit = PAGES.edit_view()


@login_required
@permission_required("workplaces.add_workplace", raise_exception=True)
@require_http_methods(["GET", "POST"])
def workplace_create(request: HttpRequest, employer_pk: int) -> HttpResponse:
    employer = get_object_or_404(Employer.objects.select_related("isic"), pk=employer_pk)
    form = WorkplaceForm(request.POST or None, initial={"isic": employer.isic})
    if request.method == "POST":
        saved = form_save(
            form,
            lambda values, version: workplace_save(
                employer=employer, values=values, version=None, by=request.user
            ),
        )
        if saved is not None:
            messages.success(
                request,
                _("%(workplace)s of %(employer)s is recorded.")
                % {"workplace": saved.name, "employer": employer.name},
            )
            return redirect(saved)
    return render(request, "workplaces/workplace_form.html", {"form": form, "employer": employer})


@login_required
@permission_required("workplaces.view_workplace", raise_exception=True)
def workplace_search(request: HttpRequest) -> JsonResponse:
    """Workplaces in operation for a picker: `?q=bay` -> {"results": [{"code": id, "title": ...}]}."""
    found = workplaces_matching(request.GET.get("q", ""))[:20]
    return JsonResponse({"results": [{"code": str(w.pk), "title": workplace_label(w)} for w in found]})
