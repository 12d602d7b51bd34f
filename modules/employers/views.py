from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy

from clmis.audit.history import history_of
from clmis.records.pages import PartPages, RecordPages
from modules.employers.fields import employer_label, employers_matching
from modules.employers.forms import EmployerForm, RepresentativeForm
from modules.employers.listing import EMPLOYERS
from modules.employers.models import Employer, Representative
from modules.employers.selectors import employer_with_representatives, employers_listed
from modules.employers.services import employer_save, representative_save

PAGES = RecordPages(
    model=Employer,
    name="employer",
    listing=EMPLOYERS,
    records=employers_listed,
    form=EmployerForm,
    save=lambda record, values, version, by: employer_save(
        employer=record, values=values, version=version, by=by
    ),
    created=gettext_lazy("%(record)s is registered."),
    changed=gettext_lazy("Your changes to %(record)s are saved."),
)
employer_list = PAGES.list_view()
employer_export = PAGES.export_view()
employer_create = PAGES.create_view()
employer_edit = PAGES.edit_view()


@login_required
@permission_required("employers.view_employer", raise_exception=True)
def employer_search(request: HttpRequest) -> JsonResponse:
    """Employers for a picker: `?q=bay` -> {"results": [{"code": id, "title": "name (registration)"}]}."""
    employers = employers_matching(request.GET.get("q", ""))[:20]
    return JsonResponse({"results": [{"code": str(e.pk), "title": employer_label(e)} for e in employers]})


@login_required
@permission_required("employers.view_employer", raise_exception=True)
def employer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The employer with its representatives (and its workplaces where that module is enabled)."""
    employer = get_object_or_404(employer_with_representatives(pk))
    return render(
        request, "employers/employer_detail.html", {"employer": employer, "history": history_of(employer)}
    )


REPRESENTATIVES = PartPages(
    model=Representative,
    parent="employer",
    form=RepresentativeForm,
    save=representative_save,
    titles=(gettext_lazy("Add a representative"), gettext_lazy("Edit the representative")),
    created=gettext_lazy("%(record)s is added."),
    changed=gettext_lazy("Your changes to %(record)s are saved."),
)
representative_create = REPRESENTATIVES.create_view()
representative_edit = REPRESENTATIVES.edit_view()
