"""The hub's catalogue pages: every hub user reads them; its administrators add indicators, describe
them and version their definitions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clmis.audit.history import history_of
from clmis.records.forms import form_save
from modules.indicators.models import Indicator
from regional_hub.catalogue.forms import (
    CatalogueSearchForm,
    CodeSearchForm,
    DefinitionForm,
    HarmonisedIndicatorCreateForm,
    HarmonisedIndicatorForm,
)
from regional_hub.catalogue.models import Codelist, HarmonisedIndicator
from regional_hub.catalogue.selectors import (
    catalogue_matching,
    codelists_with_counts,
    codes_matching,
    current_definition,
)
from regional_hub.catalogue.services import (
    definition_change,
    harmonised_indicator_create,
    harmonised_indicator_save,
)

PAGE_SIZE = 25


@login_required
@permission_required("catalogue.view_harmonisedindicator", raise_exception=True)
def catalogue_list(request: HttpRequest) -> HttpResponse:
    search = CatalogueSearchForm(request.GET)
    filters = search.cleaned_data if search.is_valid() else {}
    page = Paginator(catalogue_matching(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(indicator, current_definition(indicator)) for indicator in page.object_list]
    return render(request, "catalogue/list.html", {"search": search, "page": page, "rows": rows})


@login_required
@permission_required("catalogue.view_harmonisedindicator", raise_exception=True)
def catalogue_detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = get_object_or_404(HarmonisedIndicator, code=code)
    with_codelist = set(
        Codelist.objects.filter(concept__in=indicator.dimensions).values_list("concept", flat=True)
    )
    titles = dict(Indicator.Dimension.choices)
    context = {
        "indicator": indicator,
        "dimensions": [(c, titles.get(c, c), c in with_codelist) for c in indicator.dimensions],
        "frequencies": [Indicator.Frequency(f).label for f in indicator.frequencies],
        "definitions": indicator.definitions.all(),
        "current": current_definition(indicator),
        "history": history_of(indicator),
    }
    return render(request, "catalogue/detail.html", context)


@login_required
@permission_required("catalogue.add_harmonisedindicator", raise_exception=True)
@require_http_methods(["GET", "POST"])
def catalogue_create(request: HttpRequest) -> HttpResponse:
    form = HarmonisedIndicatorCreateForm(request.POST or None)
    if request.method == "POST":
        saved = form_save(
            form, lambda values, version: harmonised_indicator_create(values=values, by=request.user)
        )
        if saved is not None:
            messages.success(
                request, _("%(code)s is in the catalogue; every country gets it.") % {"code": saved}
            )
            return redirect(saved)
    return render(request, "catalogue/form.html", {"form": form})


@login_required
@permission_required("catalogue.change_harmonisedindicator", raise_exception=True)
@require_http_methods(["GET", "POST"])
def catalogue_edit(request: HttpRequest, code: str) -> HttpResponse:
    indicator = get_object_or_404(HarmonisedIndicator, code=code)
    form = HarmonisedIndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST":
        saved = form_save(
            form,
            lambda values, version: harmonised_indicator_save(
                indicator=indicator, values=values, version=version, by=request.user
            ),
        )
        if saved is not None:
            messages.success(request, _("Your changes to %(code)s are saved.") % {"code": saved})
            return redirect(saved)
    return render(request, "catalogue/form.html", {"form": form, "indicator": indicator})


@login_required
@permission_required("catalogue.add_definition", raise_exception=True)
@require_http_methods(["GET", "POST"])
def definition_create(request: HttpRequest, code: str) -> HttpResponse:
    """A new version of the indicator's definition, starting from the current one's wording."""
    indicator = get_object_or_404(HarmonisedIndicator, code=code)
    current = current_definition(indicator)
    initial = (
        {"name": current.name, "definition": current.definition, "notes": current.notes} if current else {}
    )
    form = DefinitionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            made = definition_change(indicator=indicator, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(
                request,
                _("Version %(number)d of %(code)s applies from %(year)d.")
                % {"number": made.number, "code": indicator.code, "year": made.since_year},
            )
            return redirect(indicator)
    return render(request, "catalogue/definition_form.html", {"form": form, "indicator": indicator})


@login_required
@permission_required("catalogue.view_harmonisedindicator", raise_exception=True)
def codelist_list(request: HttpRequest) -> HttpResponse:
    return render(request, "catalogue/codelist_list.html", {"codelists": codelists_with_counts()})


@login_required
@permission_required("catalogue.view_harmonisedindicator", raise_exception=True)
def codelist_detail(request: HttpRequest, concept: str) -> HttpResponse:
    codelist = get_object_or_404(Codelist, concept=concept)
    search = CodeSearchForm(request.GET)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    page = Paginator(codes_matching(codelist, q), 50).get_page(request.GET.get("page"))
    return render(
        request, "catalogue/codelist_detail.html", {"codelist": codelist, "search": search, "page": page}
    )
