"""The coordination unit's pages: coverage of the catalogue by the countries, and comparisons across
countries with regional aggregates. They read the hub's tables only."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from clmis.records.downloads import XLSX, table_csv, table_xlsx
from modules.indicators.models import breakdown_of
from regional_hub.catalogue.selectors import current_definition, indicators_with_definition
from regional_hub.facts.charts import comparison_charts
from regional_hub.facts.forms import ComparisonForm, CoverageForm, breakdown_label
from regional_hub.facts.selectors import (
    COVERAGE_LABELS,
    Comparison,
    collection_problems,
    comparison,
    comparison_table,
    countries_compared,
    coverage,
)
from regional_hub.sdmx.structures import series_key


@login_required
@permission_required("facts.view_fact", raise_exception=True)
def coverage_matrix(request: HttpRequest) -> HttpResponse:
    """Country by indicator for one period: published, submitted, late, planned or missing."""
    today = timezone.localdate()
    form = CoverageForm(request.GET or {"period": str(today.year - 1)})
    context = {"form": form, "legend": COVERAGE_LABELS, "problems": collection_problems()}
    if form.is_valid():
        indicators = indicators_with_definition().order_by("topic", "code")
        if form.cleaned_data["topic"]:
            indicators = indicators.filter(topic=form.cleaned_data["topic"])
        indicators = list(indicators)
        countries = list(countries_compared())
        cells = coverage(
            indicators=indicators, countries=countries, period=form.cleaned_data["period"], today=today
        )
        context.update(
            countries=countries,
            rows=[
                (indicator, current_definition(indicator), [cells[(indicator.pk, c.pk)] for c in countries])
                for indicator in indicators
            ],
            period=form.cleaned_data["period"],
        )
    return render(request, "facts/coverage.html", context)


@login_required
@permission_required("facts.view_fact", raise_exception=True)
def comparison_view(request: HttpRequest) -> HttpResponse:
    """An indicator across countries, for the coordination unit."""
    return comparison_page(request, "facts/comparison.html")


def comparison_page(request: HttpRequest, template: str) -> HttpResponse:
    """An indicator across countries: the table with the regional aggregate, the time series, the bars
    of the last period and small multiples; the same as CSV or Excel with ?format=csv|xlsx. The
    coordination unit's page and the public explorer are this page in two frames."""
    form = ComparisonForm(request.GET or None)
    context = {"form": form}
    if form.is_valid():
        indicator = form.cleaned_data["indicator"]
        countries = form.countries_chosen()
        compared = comparison(
            indicator=indicator,
            key=form.cleaned_data["breakdown"],
            countries=countries,
            first=form.cleaned_data["first"] or None,
            last=form.cleaned_data["last"] or None,
        )
        extension = request.GET.get("format")
        if extension in ("csv", "xlsx"):
            return _download(compared, extension)
        context.update(
            comparison_charts(compared),
            sdmx_url=_sdmx_url(compared, form.cleaned_data),
            compared=compared,
            definition=current_definition(indicator),
            breakdown=breakdown_label(compared.key),
            rows=[(c, compared.row(c)) for c in countries],
            aggregates=[compared.aggregates[p] for p in compared.periods],
            query=request.GET.urlencode(),
        )
    return render(request, template, context)


def _sdmx_url(compared: Comparison, chosen: dict) -> str:
    """The same values from the SDMX service, as SDMX-CSV."""
    breakdown = breakdown_of(compared.key)
    key = series_key(compared.indicator.dimensions, breakdown, [c.iso3 for c in compared.countries])
    periods = {"startPeriod": chosen["first"], "endPeriod": chosen["last"]}
    query = urlencode({"format": "csv", **{name: value for name, value in periods.items() if value}})
    return f"{reverse('sdmx:unknown')}data/DF_{compared.indicator.code}/{key}?{query}"


def _download(compared: Comparison, extension: str) -> HttpResponse:
    table = comparison_table(compared)
    if extension == "xlsx":
        response = HttpResponse(table_xlsx(compared.indicator.code, table), content_type=XLSX)
    else:
        response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{compared.indicator.code}-comparison.{extension}"'
    )
    return response
