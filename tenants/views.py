from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tenants.forms import CountryCreateForm, CountrySearchForm
from tenants.models import Country
from tenants.selectors import countries_matching
from tenants.services import country_provision


@login_required
@permission_required("tenants.view_country", raise_exception=True)
def country_list(request: HttpRequest) -> HttpResponse:
    search = CountrySearchForm(request.GET)
    filters = search.cleaned_data if search.is_valid() else {}
    page = Paginator(countries_matching(**filters), 25).get_page(request.GET.get("page"))
    return render(request, "tenants/country_list.html", {"search": search, "page": page})


@login_required
@permission_required("tenants.view_country", raise_exception=True)
def country_detail(request: HttpRequest, code: str) -> HttpResponse:
    country = get_object_or_404(Country.objects.prefetch_related("domains"), schema_name=code)
    return render(request, "tenants/country_detail.html", {"country": country})


@login_required
@permission_required("tenants.add_country", raise_exception=True)
@require_http_methods(["GET", "POST"])
def country_create(request: HttpRequest) -> HttpResponse:
    form = CountryCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            country, _created = country_provision(
                code=form.cleaned_data["code"],
                name=form.cleaned_data["name"],
                iso3=form.cleaned_data["iso3"],
                default_language=form.cleaned_data["default_language"],
                timezone=form.cleaned_data["timezone"],
                domains=form.cleaned_domains(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("%(name)s is ready at %(host)s.") % {"name": country, "host": country.host()}
            )
            return redirect("countries:detail", code=country.code)
    return render(request, "tenants/country_create.html", {"form": form})
