"""Extensions: the hub's review pages, and the contributing country's page of its submissions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clmis.audit.history import history_of
from regional_hub.extensions.forms import (
    AcceptForm,
    CheckForm,
    ExtensionForm,
    ExtensionSearchForm,
    ReturnForm,
)
from regional_hub.extensions.models import Extension
from regional_hub.extensions.packages import packages_installed
from regional_hub.extensions.selectors import checks_of, extensions_matching, extensions_of
from regional_hub.extensions.services import (
    extension_accept,
    extension_check_record,
    extension_return,
    extension_review_start,
    extension_submit,
)


def form_refused(form: Form, error: ValidationError) -> None:
    """A service's refusal on the form: by field where the form has it, above the fields otherwise."""
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


# --- the hub -------------------------------------------------------------------------------------------


@login_required
@permission_required("extensions.view_extension", raise_exception=True)
def extension_list(request: HttpRequest) -> HttpResponse:
    search = ExtensionSearchForm(request.GET)
    filters = search.cleaned_data if search.is_valid() else {}
    page = Paginator(extensions_matching(**filters), 25).get_page(request.GET.get("page"))
    return render(request, "extensions/list.html", {"search": search, "page": page})


@login_required
@permission_required("extensions.view_extension", raise_exception=True)
def extension_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_object_or_404(Extension.objects.select_related("country", "release"), pk=pk))


def _detail(request: HttpRequest, extension: Extension, *, status: int = 200, **forms) -> HttpResponse:
    checks = checks_of(extension)
    bound = forms.pop("check_form", None)
    rows = [
        (
            check,
            bound
            if bound is not None and bound.data.get("item") == check.item
            else CheckForm(initial={"item": check.item, "verdict": check.verdict or check.computed or None}),
        )
        for check in checks
    ]
    context = {
        "extension": extension,
        "rows": rows,
        "accept_form": forms.get("accept_form") or AcceptForm(),
        "return_form": forms.get("return_form") or ReturnForm(),
        "history": history_of(extension),
    }
    return render(request, "extensions/detail.html", context, status=status)


@login_required
@permission_required("extensions.review_extension", raise_exception=True)
@require_POST
def extension_review(request: HttpRequest, pk: int) -> HttpResponse:
    extension = get_object_or_404(Extension, pk=pk)
    try:
        extension_review_start(extension=extension, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The review is started; the checklist is computed from the installed package.")
        )
    return redirect(extension)


@login_required
@permission_required("extensions.review_extension", raise_exception=True)
@require_POST
def extension_check(request: HttpRequest, pk: int) -> HttpResponse:
    extension = get_object_or_404(Extension, pk=pk)
    form = CheckForm(request.POST)
    if form.is_valid():
        try:
            check = extension_check_record(extension=extension, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            form_refused(form, error)
        else:
            messages.success(
                request, _("Your verdict on “%(item)s” is recorded.") % {"item": check.get_item_display()}
            )
            return redirect(extension)
    return _detail(request, extension, check_form=form)


@login_required
@permission_required("extensions.review_extension", raise_exception=True)
@require_POST
def extension_accept_view(request: HttpRequest, pk: int) -> HttpResponse:
    extension = get_object_or_404(Extension, pk=pk)
    form = AcceptForm(request.POST)
    if form.is_valid():
        try:
            extension_accept(extension=extension, release=form.cleaned_data["release"], by=request.user)
        except ValidationError as error:
            form_refused(form, error)
        else:
            messages.success(
                request,
                _("%(extension)s is accepted into release %(release)s; every country may enable it.")
                % {"extension": extension, "release": extension.release.version},
            )
            return redirect(extension)
    return _detail(request, extension, accept_form=form)


@login_required
@permission_required("extensions.review_extension", raise_exception=True)
@require_POST
def extension_return_view(request: HttpRequest, pk: int) -> HttpResponse:
    extension = get_object_or_404(Extension.objects.select_related("country"), pk=pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            extension_return(extension=extension, reasons=form.cleaned_data["reasons"], by=request.user)
        except ValidationError as error:
            form_refused(form, error)
        else:
            messages.success(
                request,
                _("%(extension)s is returned; %(country)s's administrators are told why.")
                % {"extension": extension, "country": extension.country.name},
            )
            return redirect(extension)
    return _detail(request, extension, return_form=form)


# --- the contributing country's site ---------------------------------------------------------------------


@login_required
@permission_required("extensions.submit_extension", raise_exception=True)
@require_http_methods(["GET", "POST"])
def country_extensions(request: HttpRequest) -> HttpResponse:
    """The country's submissions and the form to submit one more."""
    form = ExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = extension_submit(country=request.country, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            form_refused(form, error)
        else:
            messages.success(
                request, _("%(extension)s is submitted to the regional hub.") % {"extension": made}
            )
            return redirect("extension_submissions:detail", pk=made.pk)
    return render(request, "extensions/country.html", submissions_context(request, request.country, form))


def submissions_context(request: HttpRequest, country, form: ExtensionForm) -> dict:
    """What the country's page and the console's show: the submissions, paged, the form and the
    packages installed here."""
    page = Paginator(extensions_of(country), 25).get_page(request.GET.get("page"))
    return {"page": page, "form": form, "packages": packages_installed()}


@login_required
@permission_required("extensions.submit_extension", raise_exception=True)
def country_extension(request: HttpRequest, pk: int) -> HttpResponse:
    """One of the country's submissions, with the review item by item (another country's answers 404)."""
    extension = get_object_or_404(extensions_of(request.country), pk=pk)
    context = {"extension": extension, "checks": checks_of(extension), "history": history_of(extension)}
    return render(request, "extensions/country_detail.html", context)
