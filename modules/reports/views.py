import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import slugify

from clmis.records.listing import sheet_name
from clmis.records.spreadsheets import xlsx_row
from modules.registry import installed_modules
from modules.reports.periods import period_parse
from modules.reports.tables import Grid


def tables_for(request: HttpRequest) -> list:
    """The report tables of the modules enabled in this country that the user may read."""
    tables = []
    for config in installed_modules():
        if config.manifest.key in request.modules:
            for path in config.manifest.reports:
                table = import_string(path)
                if request.user.has_perm(table.permission):
                    tables.append(table)
    return tables


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/report_list.html", {"tables": tables_for(request)})


@login_required
def report_show(request: HttpRequest, key: str) -> HttpResponse:
    table = next((t for t in tables_for(request) if t.key == key), None)
    if table is None:
        raise Http404
    text = request.GET.get("period") or str(timezone.localdate().year)
    error = ""
    try:
        period = period_parse(text)
    except ValidationError as refused:
        period, error = None, refused.messages[0]
    grid = table.grid(period) if not error else None
    if grid is not None and request.GET.get("format") == "xlsx":
        return _xlsx(grid, text)
    context = {"table": table, "grid": grid, "period": text, "error": error}
    return render(request, "reports/report_show.html", context, status=400 if error else 200)


def _xlsx(grid: Grid, period: str) -> HttpResponse:
    from openpyxl import Workbook  # here, not with the module: see clmis.records.spreadsheets

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name(grid.title)
    sheet.append(xlsx_row(sheet, [grid.title, period]))
    total = ["Total"] if grid.row_totals else []
    sheet.append(xlsx_row(sheet, [grid.row_label, *[label for _value, label in grid.columns], *total]))
    for label, counts, row_total in grid.rows:
        sheet.append(xlsx_row(sheet, [label, *counts, *([row_total] if grid.row_totals else [])]))
    sheet.append(["Total", *grid.column_totals, *([grid.total] if grid.row_totals else [])])
    for note in grid.notes:
        sheet.append(xlsx_row(sheet, [note]))
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(
        output.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{slugify(grid.title)}-{slugify(period)}.xlsx"'
    return response
