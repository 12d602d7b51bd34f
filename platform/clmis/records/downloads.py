"""Tables of figures as files people download: CSV (UTF-8, decimals written in full, never in
scientific notation) and Excel. The public pages of a country and of the hub write theirs here."""

import csv
import io
from decimal import Decimal

from clmis.records.listing import sheet_name
from clmis.records.spreadsheets import csv_row, xlsx_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_csv(table: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in table:
        writer.writerow(
            csv_row(
                "" if cell is None else f"{cell.normalize():f}" if isinstance(cell, Decimal) else cell
                for cell in row
            )
        )
    return out.getvalue()


def table_xlsx(title: str, table: list[list]) -> bytes:
    from openpyxl import Workbook  # here, not with the module: see clmis.records.spreadsheets

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name(title)
    for row in table:
        sheet.append(xlsx_row(sheet, (float(cell) if isinstance(cell, Decimal) else cell for cell in row)))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
