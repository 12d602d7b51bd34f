"""The country's public indicator pages: no sign-in, published values only, small counts hidden,
cached for a minute (an embargo ends at most a minute late, never early)."""

import csv
import io
from decimal import Decimal

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import cache_page
from openpyxl import Workbook

from clmis.records.listing import sheet_name
from modules.indicators.codes import code_labels
from modules.indicators.models import Agency, Indicator, Release
from modules.indicators.public import headline, indicators_published, published_rows, sparkline

CACHE_SECONDS = 60
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@cache_page(CACHE_SECONDS)
def public_home(request: HttpRequest) -> HttpResponse:
    figures = []
    for indicator in indicators_published():
        series = headline(indicator)
        if series:
            figures.append(
                {
                    "indicator": indicator,
                    "latest": series[-1],
                    "points": sparkline([row.value for row in series[-12:]]),
                }
            )
    return render(request, "indicators/public/home.html", {"figures": figures})


@cache_page(CACHE_SECONDS)
def public_indicator(request: HttpRequest, code: str) -> HttpResponse:
    indicator = _published(code)
    where = {key: value for key, value in request.GET.items() if key in indicator.dimensions and value}
    periods = {request.GET["period"]} if request.GET.get("period") else None
    rows = published_rows(indicator, periods=periods, where=where)
    series = headline(indicator)
    labels = code_labels({code for row in rows for code in row.breakdown.values()})
    context = {
        "indicator": indicator,
        "rows": [
            (row, [labels.get(row.breakdown.get(concept), "") for concept in indicator.dimensions])
            for row in rows
        ],
        "dimension_titles": [Indicator.Dimension(concept).label for concept in indicator.dimensions],
        "points": sparkline([row.value for row in series], width=600, height=160),
        "first": series[0].period if series else "",
        "last": series[-1].period if series else "",
        "query": request.GET.urlencode(),
    }
    return render(request, "indicators/public/indicator.html", context)


@cache_page(CACHE_SECONDS)
def public_download(request: HttpRequest, code: str, extension: str) -> HttpResponse:
    """The page's values as CSV or Excel, hidden ones marked, never zero."""
    indicator = _published(code)
    where = {key: value for key, value in request.GET.items() if key in indicator.dimensions and value}
    periods = {request.GET["period"]} if request.GET.get("period") else None
    table = [["indicator", "period", *indicator.dimensions, "value", "status", "flag"]]
    for row in published_rows(indicator, periods=periods, where=where):
        status = "suppressed" if row.suppressed else "revised" if row.revised else ""
        dimensions = [row.breakdown.get(concept, "") for concept in indicator.dimensions]
        table.append([indicator.code, row.period, *dimensions, row.value, status, row.flag])
    if extension == "xlsx":
        response = HttpResponse(_workbook(indicator.code, table), content_type=XLSX)
    else:
        response = HttpResponse(_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{indicator.code}.{extension}"'
    return response


def _csv(table: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in table:
        writer.writerow(
            [
                "" if cell is None else f"{cell.normalize():f}" if isinstance(cell, Decimal) else cell
                for cell in row
            ]
        )
    return out.getvalue()


def _workbook(title: str, table: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name(title)
    for row in table:
        sheet.append([float(cell) if isinstance(cell, Decimal) else cell for cell in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@cache_page(CACHE_SECONDS)
def public_about(request: HttpRequest) -> HttpResponse:
    """Who produces the figures: the partner agencies and the indicators each publishes."""
    agencies = [
        (agency, [i for i in indicators_published() if i.agency_id == agency.pk])
        for agency in Agency.objects.filter(active=True).order_by("name")
    ]
    return render(request, "indicators/public/about.html", {"agencies": agencies})


@cache_page(CACHE_SECONDS)
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
