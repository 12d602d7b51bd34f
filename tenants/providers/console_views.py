"""The console: a provider's staff member configures, from the hub, the countries assigned to their
provider — modules, custom fields, settings, configuration files — and nothing else (no case lists, no
records). Every change goes through tenants.providers.console.

A country's forms are built, checked and rendered in the country's schema (their code tables are
there), the page around them in the hub's: the hub user's roles and permissions are read only where
the user lives.
"""

import json
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from django_tenants.utils import tenant_context

from clmis.audit.history import history_of
from clmis.records.forms import form_save
from modules.configuration.forms import ApplyForm, ImportForm
from modules.configuration.models import ConfigurationImport
from modules.configuration.services import configuration_checksum, configuration_export, configuration_read
from modules.country_settings.forms import CountrySettingsForm
from modules.country_settings.models import CountrySettings
from modules.country_settings.services import KEEP, REMOVE
from modules.custom_fields.forms import CustomFieldForm
from modules.custom_fields.models import CustomField
from modules.registry import module_by_key
from regional_hub.extensions.forms import ExtensionForm
from regional_hub.extensions.views import form_refused, submissions_context
from tenants.models import Country
from tenants.providers.console import (
    Console,
    console_configuration_import,
    console_custom_field_save,
    console_extension_submit,
    console_module_change,
    console_open,
    console_settings_save,
)
from tenants.providers.selectors import countries_assigned_to, provider_changes
from tenants.selectors import module_changes, module_states


def console_page(view: Callable) -> Callable:
    """A console page: for the staff of a provider accredited today (403 for anyone else), about a
    country currently assigned to it (404 for any other: the console does not say which exist)."""

    @login_required
    @permission_required("tenants.use_provider_console", raise_exception=True)
    @wraps(view)
    def page(request: HttpRequest, *args, code: str | None = None, **kwargs) -> HttpResponse:
        console = console_open(request.user)
        if console is None:
            raise PermissionDenied(_("You do not work for a service provider accredited today."))
        if code is None:
            return view(request, console, *args, **kwargs)
        countries = countries_assigned_to(console.provider, today=timezone.localdate())
        return view(request, console, get_object_or_404(countries, schema_name=code), *args, **kwargs)

    return page


@console_page
def console_home(request: HttpRequest, console: Console) -> HttpResponse:
    countries = countries_assigned_to(console.provider, today=timezone.localdate())
    changes = Paginator(provider_changes(provider=console.provider), 25).get_page(request.GET.get("page"))
    context = {"console": console, "countries": countries, "page": changes}
    return render(request, "tenants/console/home.html", context)


@console_page
def console_country(request: HttpRequest, console: Console, country: Country) -> HttpResponse:
    """The country's modules, and the way to its custom fields, settings and configuration."""
    changes = provider_changes(provider=console.provider, country=country)
    context = {
        "console": console,
        "country": country,
        "modules": module_states(country),
        "changes": module_changes(country),
        "page": Paginator(changes, 25).get_page(request.GET.get("page")),
    }
    return render(request, "tenants/console/country.html", context)


@console_page
@require_POST
def console_modules(request: HttpRequest, console: Console, country: Country) -> HttpResponse:
    key, enable = request.POST.get("module", ""), request.POST.get("action") == "enable"
    try:
        changed = console_module_change(console=console, country=country, key=key, enable=enable)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if changed:
            done = _("%(module)s is enabled.") if enable else _("%(module)s is disabled.")
            messages.success(request, done % {"module": module_by_key(key).manifest.title})
    return redirect("console:country", code=country.code)


@console_page
def console_fields(request: HttpRequest, console: Console, country: Country) -> HttpResponse:
    with tenant_context(country):
        fields = list(CustomField.objects.select_related("table"))
    return render(request, "tenants/console/fields.html", {"country": country, "fields": fields})


@console_page
@require_http_methods(["GET", "POST"])
def console_field(
    request: HttpRequest, console: Console, country: Country, pk: int | None = None
) -> HttpResponse:
    """Add a custom field (without pk) or change one, with the country's own form and rules."""
    with tenant_context(country):
        field = get_object_or_404(CustomField.objects.select_related("table"), pk=pk) if pk else None
        form = CustomFieldForm(request.POST or None, instance=field)
        if request.method == "POST":
            saved = form_save(
                form,
                lambda values, version: console_custom_field_save(
                    console=console, country=country, field=field, values=values, version=version
                ),
            )
            if saved is not None:
                done = _("The field %(field)s is saved.") if field else _("The field %(field)s is added.")
                messages.success(request, done % {"field": saved.label})
                return redirect("console:fields", code=country.code)
        context = {
            "country": country,
            "custom_field": field,
            "form_fields": render_to_string("clmis/_form.html", {"form": form}),
            "history": history_of(field) if field else [],
        }
    return render(request, "tenants/console/field.html", context)


@console_page
@require_http_methods(["GET", "POST"])
def console_settings(request: HttpRequest, console: Console, country: Country) -> HttpResponse:
    with tenant_context(country):
        stored = CountrySettings.objects.filter(pk=1).first()
        current = stored or CountrySettings(pk=1)
        initial = {"default_language": country.default_language}
        form = CountrySettingsForm(
            request.POST or None, request.FILES or None, instance=current, initial=initial
        )
        if request.method == "POST":
            logo = request.FILES.get("logo_file") or (REMOVE if request.POST.get("logo_remove") else KEEP)
            saved = form_save(
                form,
                lambda values, version: console_settings_save(
                    console=console,
                    country=country,
                    values=values,
                    version=version,
                    default_language=form.cleaned_data["default_language"],
                    logo=logo,
                ),
            )
            if saved is not None:
                messages.success(request, _("The settings of %(country)s are saved.") % {"country": country})
                return redirect("console:settings", code=country.code)
        context = {
            "country": country,
            "settings": current,
            "form_fields": render_to_string("clmis/_form.html", {"form": form}),
            "history": history_of(stored) if stored else [],
        }
    return render(request, "tenants/console/settings.html", context)


@console_page
def console_configuration(request: HttpRequest, console: Console, country: Country) -> HttpResponse:
    return _configuration_page(request, country, ImportForm())


def _configuration_page(request: HttpRequest, country: Country, form: ImportForm, **preview) -> HttpResponse:
    with tenant_context(country):
        imports = Paginator(ConfigurationImport.objects.all(), 20).get_page(request.GET.get("page"))
        imports.object_list = list(imports.object_list)
        context = {
            "country": country,
            "form_fields": render_to_string("clmis/_form.html", {"form": form}),
            "page": imports,
            **preview,
        }
    return render(request, "tenants/console/configuration.html", context)


@console_page
def console_configuration_export(request: HttpRequest, console: Console, country: Country) -> HttpResponse:
    with tenant_context(country):
        document = configuration_export()
    name = f"clmis-configuration-{country.code}-{timezone.localdate():%Y-%m-%d}.json"
    response = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@console_page
@require_POST
def console_configuration_preview(request: HttpRequest, console: Console, country: Country) -> HttpResponse:
    """What the uploaded file would change in the country: the import run and rolled back."""
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _configuration_page(request, country, form)
    sections = form.cleaned_data["sections"]
    try:
        document = configuration_read(form.cleaned_data["file"].read())
        changes = console_configuration_import(
            console=console, country=country, document=document, apply=False, sections=sections
        )
    except ValidationError as error:
        return _configuration_page(request, country, form, refusals=error.messages)
    apply = ApplyForm(
        initial={
            "document": json.dumps(document),
            "checksum": configuration_checksum(document),
            "sections": sections,
        }
    )
    return _configuration_page(request, country, form, document=document, changes=changes, apply_form=apply)


@console_page
@require_POST
def console_configuration_apply(request: HttpRequest, console: Console, country: Country) -> HttpResponse:
    """Apply the previewed file: all of it or, if anything is refused now, nothing."""
    form = ApplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Upload the file again: the preview was incomplete."))
        return redirect("console:configuration", code=country.code)
    try:
        document = configuration_read(form.cleaned_data["document"])
        if configuration_checksum(document) != form.cleaned_data["checksum"]:
            raise ValidationError(_("The file differs from the one previewed. Upload it again."))
        changes = console_configuration_import(
            console=console,
            country=country,
            document=document,
            apply=True,
            sections=form.cleaned_data["sections"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("console:configuration", code=country.code)
    messages.success(
        request,
        ngettext(
            "The configuration is applied: %(count)d change.",
            "The configuration is applied: %(count)d changes.",
            len(changes),
        )
        % {"count": len(changes)},
    )
    return redirect("console:configuration", code=country.code)


@console_page
@permission_required("extensions.submit_extension", raise_exception=True)
@require_http_methods(["GET", "POST"])
def console_extensions(request: HttpRequest, console: Console, country: Country) -> HttpResponse:
    """The country's submissions to the hub, and the form to submit a module it wrote."""
    form = ExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = console_extension_submit(console=console, country=country, values=form.cleaned_data)
        except ValidationError as error:
            form_refused(form, error)
        else:
            messages.success(
                request, _("%(extension)s is submitted to the regional hub.") % {"extension": made}
            )
            return redirect("console:extensions", code=country.code)
    context = {"country": country, **submissions_context(request, country, form)}
    return render(request, "extensions/console.html", context)
