from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from clmis.audit.history import history_of
from modules.reference.forms import CodeSearchForm, NationalCodeForm, NationalTableForm
from modules.reference.models import Classification, Code
from modules.reference.selectors import classifications_with_counts, code_lookup, codes_matching
from modules.reference.services import national_code_save, national_table_create

SEARCH_LIMIT = 20
CODES_PER_PAGE = 50


@login_required
@require_GET
def code_search(request: HttpRequest, key: str) -> JsonResponse:
    """Codes for a picker: `?q=nurse&level=4` -> {"results": [{"code", "title", "path"}]} (20 at most)."""
    level = request.GET.get("level")
    codes = codes_matching(
        key, request.GET.get("q", ""), level=int(level) if level and level.isdigit() else None
    )
    results = [{"code": c.code, "title": c.title, "path": c.path} for c in codes[:SEARCH_LIMIT]]
    return JsonResponse({"results": results})


@login_required
@require_GET
def table_list(request: HttpRequest) -> HttpResponse:
    # Counting drops the model's default ordering (Django groups without it): international first, by title.
    tables = classifications_with_counts()
    return render(request, "reference/table_list.html", {"tables": tables})


@login_required
@require_GET
def table_detail(request: HttpRequest, key: str) -> HttpResponse:
    """A table's codes, searched and filtered by level, 50 a page."""
    table = get_object_or_404(Classification, key=key)
    levels = list(table.codes.order_by("level").values_list("level", flat=True).distinct())
    search = CodeSearchForm(request.GET, levels=levels)
    filters = search.cleaned_data if search.is_valid() else {}
    query, level = filters.get("q", ""), filters.get("level")
    if query:
        codes = codes_matching(table.key, query, level=level)
    else:
        # Unlike a search (which offers codes to use), the plain list shows codes no longer in use too.
        codes = table.codes.order_by("path")
        if level is not None:
            codes = codes.filter(level=level)
    page = Paginator(codes, CODES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "reference/table_detail.html",
        {"table": table, "search": search, "page": page, "query": query, "filtered": bool(query or level)},
    )


@login_required
@permission_required("reference.add_classification", raise_exception=True)
@require_http_methods(["GET", "POST"])
def table_create(request: HttpRequest) -> HttpResponse:
    form = NationalTableForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            table = national_table_create(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            _show_refusal(form, error)
        else:
            messages.success(request, _("The table %(table)s is ready for its codes.") % {"table": table})
            return redirect("reference:table", key=table.key)
    return render(request, "reference/table_form.html", {"form": form})


@login_required
@require_GET
def code_detail(request: HttpRequest, key: str, code: str) -> HttpResponse:
    """A code's place in its tree, its harmonised code and its history."""
    entry = get_object_or_404(
        Code.objects.select_related("classification", "parent"), classification__key=key, code=code
    )
    table = entry.classification
    ancestors = Code.objects.filter(classification=table, code__in=entry.path.split("/")[:-1]).order_by(
        "level"
    )
    harmonised = (
        code_lookup(table.maps_to, entry.harmonised_code) if table.maps_to and entry.harmonised_code else None
    )
    return render(
        request,
        "reference/code_detail.html",
        {
            "table": table,
            "code": entry,
            "ancestors": ancestors,
            "children": entry.children.order_by("path"),
            "harmonised": harmonised,
            "history": history_of(entry),
        },
    )


@login_required
@permission_required("reference.add_code", raise_exception=True)
@require_http_methods(["GET", "POST"])
def code_create(request: HttpRequest, key: str) -> HttpResponse:
    return _code_form(request, key)


@login_required
@permission_required("reference.change_code", raise_exception=True)
@require_http_methods(["GET", "POST"])
def code_edit(request: HttpRequest, key: str, code: str) -> HttpResponse:
    return _code_form(request, key, code)


def _code_form(request: HttpRequest, key: str, code: str | None = None) -> HttpResponse:
    """Adding or changing a code of a national table; a refused change is explained and nothing saved."""
    table = get_object_or_404(Classification, key=key)
    instance = get_object_or_404(Code, classification=table, code=code) if code is not None else None
    if not table.is_national:
        messages.error(
            request, _("%(table)s is shipped with the platform and cannot be edited here.") % {"table": table}
        )
        return redirect("reference:table", key=table.key)
    form = NationalCodeForm(request.POST or None, table=table, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            saved = national_code_save(
                table=table, instance=instance, **form.service_arguments(), by=request.user
            )
        except ValidationError as error:
            _show_refusal(form, error)
        else:
            done = _("%(code)s is added.") if instance is None else _("%(code)s is saved.")
            messages.success(request, done % {"code": saved})
            return redirect("reference:code", key=table.key, code=saved.code)
    return render(request, "reference/code_form.html", {"table": table, "code": instance, "form": form})


def _show_refusal(form, error: ValidationError) -> None:
    """A service's refusal on the form: each message by its field, or above the form if it has none here."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
