from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clmis.audit.history import history_of
from clmis.records.forms import form_save
from modules.country_settings.forms import CountrySettingsForm
from modules.country_settings.models import CountrySettings
from modules.country_settings.selectors import country_settings
from modules.country_settings.services import KEEP, REMOVE, country_settings_save


@login_required
@permission_required("country_settings.change_countrysettings", raise_exception=True)
@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest) -> HttpResponse:
    """The country's branding, languages and disclosure threshold, on one page with their history."""
    current = CountrySettings.objects.filter(pk=1).first() or CountrySettings(pk=1)
    initial = {"default_language": request.country.default_language}
    form = CountrySettingsForm(request.POST or None, request.FILES or None, instance=current, initial=initial)
    if request.method == "POST":
        logo = request.FILES.get("logo_file") or (REMOVE if request.POST.get("logo_remove") else KEEP)
        saved = form_save(
            form,
            lambda values, version: country_settings_save(
                values=values,
                version=version,
                by=request.user,
                default_language=form.cleaned_data["default_language"],
                logo=logo,
            ),
        )
        if saved is not None:
            messages.success(request, _("The country's settings are saved."))
            return redirect("country-settings")
    history = history_of(current) if current.pk and CountrySettings.objects.filter(pk=1).exists() else []
    return render(
        request, "country_settings/edit.html", {"form": form, "settings": current, "history": history}
    )


def brand_stylesheet(request: HttpRequest) -> HttpResponse:
    """The country's colours as a stylesheet of their own: pages carry no inline style, so the
    Content-Security-Policy refuses every inline one, and a cached page never holds a stale nonce."""
    settings = country_settings()
    rules = f":root {{ --brand: {settings.brand_colour}; --brand-ink: {settings.brand_ink}; }}\n"
    response = HttpResponse(rules, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    response["ETag"] = f'"{settings.version}"'
    return response


def logo(request: HttpRequest) -> HttpResponse:
    """The country's logo, public like the site's header; cached by browsers until the settings change."""
    settings = country_settings()
    if not settings.logo:
        return HttpResponse(status=404)
    response = HttpResponse(bytes(settings.logo), content_type=settings.logo_type)
    response["Cache-Control"] = "public, max-age=3600"
    response["ETag"] = f'"{settings.version}"'
    return response
