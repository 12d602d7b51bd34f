"""The country's public indicator pages: no sign-in, published values only, small counts hidden,
cached for a minute (an embargo ends at most a minute late, never early)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from clmis.public_pages import public_page
from clmis.records.downloads import XLSX, table_csv, table_xlsx
from modules.indicators.codes import code_labels
from modules.indicators.forms import PublicSelectionForm, PublicTopicForm
from modules.indicators.models import Agency, Indicator, Release
from modules.indicators.public import (
    headline,
    indicators_published,
    published_rows,
    selection_choices,
    sparkline,
)

CACHE_SECONDS = 60


@public_page(CACHE_SECONDS)
def public_home(request: HttpRequest) -> HttpResponse:
    """The headline figures, by topic: of every topic, or of the one chosen."""
    indicators = list(indicators_published())
    form = PublicTopicForm(
        request.GET, topics=[t for t in Indicator.Topic.values if t in {i.topic for i in indicators}]
    )
    topic = form.cleaned_data.get("topic") if form.is_valid() else ""
    topics = []
    for value, label in Indicator.Topic.choices:
        if topic and topic != value:
            continue
        figures = [figure for figure in (_figure(i) for i in indicators if i.topic == value) if figure]
        if figures:
            topics.append((label, figures))
    return render(request, "indicators/public/home.html", {"topics": topics, "form": form})


def _figure(indicator: Indicator) -> dict | None:
    series = headline(indicator)
    if not series:
        return None
    return {
        "indicator": indicator,
        "latest": series[-1],
        "points": sparkline([row.value for row in series[-12:]]),
    }


@public_page(CACHE_SECONDS)
def public_indicator(request: HttpRequest, code: str) -> HttpResponse:
    """The indicator browser: the selection (period, a code of each dimension) as a form whose address
    is the permalink; the chart follows the selection over every period, the table shows it."""
    indicator = _published(code)
    form, periods, where = _selection(indicator, request)
    rows = published_rows(indicator, periods=periods, where=where)
    series = headline(indicator, where)
    values = [row.value for row in series if row.value is not None]
    labels = code_labels({code for row in rows for code in row.breakdown.values()})
    context = {
        "indicator": indicator,
        "form": form,
        "rows": [
            (row, [labels.get(row.breakdown.get(concept), "") for concept in indicator.dimensions])
            for row in rows
        ],
        "dimension_titles": [Indicator.Dimension(concept).label for concept in indicator.dimensions],
        "chart_title": ", ".join(labels.get(code, code) for code in where.values()),
        "points": sparkline([row.value for row in series], width=600, height=160),
        "first": series[0].period if series else "",
        "last": series[-1].period if series else "",
        "lowest": min(values, default=None),
        "highest": max(values, default=None),
        "query": request.GET.urlencode(),
    }
    return render(request, "indicators/public/indicator.html", context)


def _selection(indicator: Indicator, request: HttpRequest) -> tuple[PublicSelectionForm, set | None, dict]:
    periods, codes = selection_choices(indicator)
    labels = code_labels({code for found in codes.values() for code in found})
    form = PublicSelectionForm(request.GET, periods=periods, codes=codes, labels=labels)
    return form, *form.selection()


@public_page(CACHE_SECONDS)
def public_download(request: HttpRequest, code: str, extension: str) -> HttpResponse:
    """The page's values as CSV or Excel, hidden ones marked, never zero."""
    indicator = _published(code)
    _form, periods, where = _selection(indicator, request)
    table = [["indicator", "period", *indicator.dimensions, "value", "status", "flag"]]
    for row in published_rows(indicator, periods=periods, where=where):
        status = "suppressed" if row.suppressed else "revised" if row.revised else ""
        dimensions = [row.breakdown.get(concept, "") for concept in indicator.dimensions]
        table.append([indicator.code, row.period, *dimensions, row.value, status, row.flag])
    if extension == "xlsx":
        response = HttpResponse(table_xlsx(indicator.code, table), content_type=XLSX)
    else:
        response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{indicator.code}.{extension}"'
    return response


@public_page(CACHE_SECONDS)
def public_about(request: HttpRequest) -> HttpResponse:
    """Who produces the figures: the partner agencies and the indicators each publishes."""
    agencies = [
        (agency, [i for i in indicators_published() if i.agency_id == agency.pk])
        for agency in Agency.objects.filter(active=True).order_by("name")
    ]
    return render(request, "indicators/public/about.html", {"agencies": agencies})


@public_page(CACHE_SECONDS)
def public_calendar(request: HttpRequest) -> HttpResponse:
    """The planned publications from today on."""
    releases = Release.objects.filter(planned_on__gte=timezone.localdate(), indicator__active=True)
    context = {"releases": releases.select_related("indicator", "indicator__agency")[:200]}
    return render(request, "indicators/public/calendar.html", context)


def _published(code: str) -> Indicator:
    indicator = get_object_or_404(Indicator, code=code, active=True)
    if not indicators_published().filter(pk=indicator.pk).exists():
        raise Http404
    return indicator
