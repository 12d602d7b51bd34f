"""The hub administrators' pages for service providers: accreditation, countries assigned, staff."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clmis.audit.history import history_of
from clmis.records.forms import form_save
from tenants.models import ProviderAssignment, ProviderStaff, ServiceProvider
from tenants.providers.forms import AssignmentForm, ProviderForm, ProviderSearchForm, StaffForm
from tenants.providers.selectors import provider_changes, providers_matching
from tenants.providers.services import (
    provider_assign,
    provider_save,
    provider_staff_add,
    provider_staff_remove,
    provider_unassign,
)


@login_required
@permission_required("tenants.view_serviceprovider", raise_exception=True)
def provider_list(request: HttpRequest) -> HttpResponse:
    search = ProviderSearchForm(request.GET)
    filters = search.cleaned_data if search.is_valid() else {}
    today = timezone.localdate()
    providers = providers_matching(**filters, today=today)
    page = Paginator(providers, 25).get_page(request.GET.get("page"))
    return render(request, "tenants/providers/list.html", {"search": search, "page": page, "today": today})


@login_required
@permission_required("tenants.view_serviceprovider", raise_exception=True)
def provider_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_object_or_404(ServiceProvider, pk=pk))


def _detail(
    request: HttpRequest,
    provider: ServiceProvider,
    assign: AssignmentForm | None = None,
    staff: StaffForm | None = None,
) -> HttpResponse:
    """The provider's page; a refused assignment or staff member comes back with its form's errors."""
    today = timezone.localdate()
    changes = Paginator(provider_changes(provider=provider), 25).get_page(request.GET.get("page"))
    context = {
        "provider": provider,
        "today": today,
        "accredited": provider.is_accredited(today),
        "assignments": [
            (assignment, assignment.is_current(today))
            for assignment in provider.assignments.select_related("country")
        ],
        "staff": provider.staff.select_related("user"),
        "assign_form": assign or AssignmentForm(),
        "staff_form": staff or StaffForm(),
        "page": changes,
        "history": history_of(provider),
    }
    return render(request, "tenants/providers/detail.html", context)


@login_required
@permission_required("tenants.add_serviceprovider", raise_exception=True)
@require_http_methods(["GET", "POST"])
def provider_create(request: HttpRequest) -> HttpResponse:
    form = ProviderForm(request.POST or None)
    if request.method == "POST":
        saved = form_save(
            form, lambda values, version: provider_save(values=values, version=None, by=request.user)
        )
        if saved is not None:
            messages.success(request, _("%(provider)s is accredited.") % {"provider": saved})
            return redirect(saved)
    return render(request, "tenants/providers/form.html", {"form": form})


@login_required
@permission_required("tenants.change_serviceprovider", raise_exception=True)
@require_http_methods(["GET", "POST"])
def provider_edit(request: HttpRequest, pk: int) -> HttpResponse:
    provider = get_object_or_404(ServiceProvider, pk=pk)
    form = ProviderForm(request.POST or None, instance=provider)
    if request.method == "POST":
        saved = form_save(
            form,
            lambda values, version: provider_save(
                provider=provider, values=values, version=version, by=request.user
            ),
        )
        if saved is not None:
            messages.success(request, _("Your changes to %(provider)s are saved.") % {"provider": saved})
            return redirect(saved)
    return render(request, "tenants/providers/form.html", {"form": form, "provider": provider})


@login_required
@permission_required("tenants.add_providerassignment", raise_exception=True)
@require_POST
def assignment_create(request: HttpRequest, pk: int) -> HttpResponse:
    provider = get_object_or_404(ServiceProvider, pk=pk)
    form = AssignmentForm(request.POST)
    if form.is_valid():
        try:
            assignment = provider_assign(provider=provider, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(country)s is assigned to %(provider)s.")
                % {"country": assignment.country, "provider": provider},
            )
            return redirect(provider)
    return _detail(request, provider, assign=form)


@login_required
@permission_required("tenants.change_providerassignment", raise_exception=True)
@require_POST
def assignment_end(request: HttpRequest, pk: int, assignment: int) -> HttpResponse:
    found = get_object_or_404(
        ProviderAssignment.objects.select_related("country"), pk=assignment, provider_id=pk
    )
    try:
        provider_unassign(assignment=found, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(provider)s no longer works for %(country)s.")
            % {"provider": found.provider, "country": found.country},
        )
    return redirect(found.provider)


@login_required
@permission_required("tenants.add_providerstaff", raise_exception=True)
@require_POST
def staff_add(request: HttpRequest, pk: int) -> HttpResponse:
    provider = get_object_or_404(ServiceProvider, pk=pk)
    form = StaffForm(request.POST)
    if form.is_valid():
        try:
            staff = provider_staff_add(provider=provider, user=form.cleaned_data["user"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(user)s works for %(provider)s now.") % {"user": staff.user, "provider": provider},
            )
            return redirect(provider)
    return _detail(request, provider, staff=form)


@login_required
@permission_required("tenants.delete_providerstaff", raise_exception=True)
@require_POST
def staff_remove(request: HttpRequest, pk: int, staff: int) -> HttpResponse:
    found = get_object_or_404(
        ProviderStaff.objects.select_related("user", "provider"), pk=staff, provider_id=pk
    )
    provider_staff_remove(staff=found, by=request.user)
    messages.success(
        request,
        _("%(user)s no longer works for %(provider)s.") % {"user": found.user, "provider": found.provider},
    )
    return redirect(found.provider)
