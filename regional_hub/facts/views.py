"""The coordination unit's pages: coverage of the catalogue by the countries, and comparisons across
countries with regional aggregates. They read the hub's tables only."""

import csv
import io

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from regional_hub.catalogue.selectors import current_definition, indicators_with_definition
from regional_hub.facts.charts import bars, lines
from regional_hub.facts.forms import ComparisonForm, CoverageForm, breakdown_label
from regional_hub.facts.selectors import (
    COVERAGE_LABELS,
    Comparison,
    collection_problems,
    comparison,
    countries_compared,
    coverage,
)


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
    """An indicator across countries: table with the regional aggregate, bar chart of the last period,
    time series and small multiples; the same as CSV with ?format=csv."""
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
        if request.GET.get("format") == "csv":
            return _csv(compared)
        context.update(
            _charts(compared),
            compared=compared,
            definition=current_definition(indicator),
            breakdown=breakdown_label(compared.key),
            rows=[(c, compared.row(c)) for c in countries],
            aggregates=[compared.aggregates[p] for p in compared.periods],
            query=request.GET.urlencode(),
        )
    return render(request, "facts/comparison.html", context)


def _charts(compared: Comparison) -> dict:
    """The time series of every country on one chart, one small chart each, and the bars of the last
    period."""
    series = {
        country.name: [fact.value if fact else None for fact in compared.row(country)]
        for country in compared.countries
    }
    drawn, low, high = lines(series)
    multiples = [
        (name, lines({name: values}, width=160, height=50, scale=(low, high))[0] if drawn else [])
        for name, values in series.items()
    ]
    last = {name: values[-1] if values else None for name, values in series.items()}
    return {
        "lines": drawn,
        "low": low,
        "high": high,
        "multiples": [(name, shapes[0] if shapes else None) for name, shapes in multiples],
        "last": compared.periods[-1] if compared.periods else None,
        "bars": bars(last) if compared.periods else [],
    }


def _csv(compared: Comparison) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["indicator", "breakdown", "ref_area", "period", "value", "status", "flag"])
    for country in compared.countries:
        for period, fact in zip(compared.periods, compared.row(country), strict=True):
            if fact is None:
                continue
            status = "suppressed" if fact.suppressed else "revised" if fact.revised else ""
            value = "" if fact.value is None else f"{fact.value.normalize():f}"
            writer.writerow(
                [compared.indicator.code, compared.key, country.iso3, period, value, status, fact.flag]
            )
    for period in compared.periods:
        aggregate = compared.aggregates[period]
        if aggregate.value is not None:
            status = "" if aggregate.complete else "partial:" + "+".join(aggregate.included)
            writer.writerow(
                [compared.indicator.code, compared.key, "REGION", period, f"{aggregate.value:f}", status, ""]
            )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{compared.indicator.code}-comparison.csv"'
    return response
