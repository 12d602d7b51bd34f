from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clmis.audit.history import history_of
from clmis.records.forms import form_save
from modules.employers.models import Employer
from modules.workplaces.forms import WorkplaceForm
from modules.workplaces.listing import WORKPLACES
from modules.workplaces.models import Workplace
from modules.workplaces.selectors import workplaces_listed
from modules.workplaces.services import workplace_save


@login_required
@permission_required("workplaces.view_workplace", raise_exception=True)
def workplace_list(request: HttpRequest) -> HttpResponse:
    export = reverse("workplaces:export") if request.user.has_perm("workplaces.export_workplace") else ""
    context = WORKPLACES.context(request, workplaces_listed(), export_url=export)
    return render(request, "workplaces/workplace_list.html", context)


@login_required
@permission_required("workplaces.export_workplace", raise_exception=True)
def workplace_export(request: HttpRequest) -> HttpResponse:
    return WORKPLACES.export(request, workplaces_listed())


@login_required
@permission_required("workplaces.view_workplace", raise_exception=True)
def workplace_detail(request: HttpRequest, pk: int) -> HttpResponse:
    workplace = get_object_or_404(workplaces_listed(), pk=pk)
    context = {"workplace": workplace, "history": history_of(workplace)}
    return render(request, "workplaces/workplace_detail.html", context)


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
@permission_required("workplaces.change_workplace", raise_exception=True)
@require_http_methods(["GET", "POST"])
def workplace_edit(request: HttpRequest, pk: int) -> HttpResponse:
    workplace = get_object_or_404(Workplace.objects.select_related("employer"), pk=pk)
    form = WorkplaceForm(request.POST or None, instance=workplace)
    if request.method == "POST":
        saved = form_save(
            form,
            lambda values, version: workplace_save(
                employer=workplace.employer,
                workplace=workplace,
                values=values,
                version=version,
                by=request.user,
            ),
        )
        if saved is not None:
            messages.success(request, _("Your changes to %(workplace)s are saved.") % {"workplace": saved})
            return redirect(saved)
    context = {"form": form, "employer": workplace.employer, "workplace": workplace}
    return render(request, "workplaces/workplace_form.html", context)
