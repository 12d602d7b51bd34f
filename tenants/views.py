from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from modules.registry import module_by_key
from regional_hub.releases.selectors import release_news, upgrades_of
from tenants.forms import CountryCreateForm, CountrySearchForm
from tenants.models import Country
from tenants.providers.selectors import providers_of
from tenants.selectors import countries_matching, module_changes, module_states, modules_with_countries
from tenants.services import country_administrator_invite, country_provision, module_disable, module_enable


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
    context = {
        "country": country,
        "modules": module_states(country),
        "changes": module_changes(country),
        "assignments": providers_of(country, today=timezone.localdate()),
        "upgrades": upgrades_of(country)[:10],
    }
    return render(request, "tenants/country_detail.html", context)


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
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("%(name)s is ready at %(host)s.") % {"name": country, "host": country.host()}
            )
            if email := form.cleaned_data["administrator_email"]:
                country_administrator_invite(
                    country=country,
                    email=email,
                    first_name=form.cleaned_data["administrator_first_name"],
                    last_name=form.cleaned_data["administrator_last_name"],
                    by=request.user,
                )
                messages.success(
                    request,
                    _("%(email)s is its LMIS administrator and was sent the link to set a password.")
                    % {"email": email},
                )
            return redirect("countries:detail", code=country.code)
    return render(request, "tenants/country_create.html", {"form": form})


@login_required
@permission_required("tenants.manage_modules", raise_exception=True)
@require_http_methods(["GET", "POST"])
def country_modules(request: HttpRequest) -> HttpResponse:
    """A country's administrators choose its modules, on the country's own site."""
    if request.method == "POST":
        _module_change(request, request.country)
        return redirect("country-modules")
    context = {
        "modules": module_states(request.country),
        "changes": module_changes(request.country),
        "news": release_news(request.country),
    }
    return render(request, "tenants/country_modules.html", context)


@login_required
@permission_required("tenants.manage_modules", raise_exception=True)
@require_POST
def country_modules_change(request: HttpRequest, code: str) -> HttpResponse:
    """The hub's administrators choose a country's modules from the country's page at the hub."""
    country = get_object_or_404(Country, schema_name=code)
    _module_change(request, country)
    return redirect("countries:detail", code=country.code)


def _module_change(request: HttpRequest, country: Country) -> None:
    """Enable or disable the posted module; a refused change says why and changes nothing."""
    key, action = request.POST.get("module", ""), request.POST.get("action")
    change = module_enable if action == "enable" else module_disable
    try:
        change(country=country, key=key, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return
    title = module_by_key(key).manifest.title
    done = _("%(module)s is enabled.") if action == "enable" else _("%(module)s is disabled.")
    messages.success(request, done % {"module": title})


@login_required
@permission_required("tenants.view_country", raise_exception=True)
def module_list(request: HttpRequest) -> HttpResponse:
    """The hub's view of every installed module, its version and the countries that use it."""
    return render(request, "tenants/module_list.html", {"modules": modules_with_countries()})
