"""Rows of the spreadsheets and CSV files people download: text is always written as text.

What a record holds was typed by someone, perhaps by a member of the public through an agency's
upload: a name such as `=HYPERLINK("http://…")` must never become a formula in the file an officer
opens (CSV, or formula, injection). openpyxl stores text that starts with "=" as a formula, so such
cells are written with the string type; a spreadsheet program runs CSV text that starts with "=", "+",
"-", "@", a tab or a carriage return, so such text gets a leading apostrophe, as OWASP advises.

openpyxl is imported where a workbook is made, never with a module: with numpy, which it brings, it
adds some 23 MB to every process that imports it, and a web worker's pages, API calls and CSV files do
not need it (issue 11; bench/worker_memory.py measures a worker's memory, and
tests/test_worker_footprint.py keeps it out of a worker that has not made a workbook).
"""

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A signed number is what it looks like, and stays as it is ("-1.5", "+3").
NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?")


def xlsx_row(sheet: "Worksheet | WriteOnlyWorksheet", values: Iterable[object]) -> list[object]:
    """The values for `sheet.append`, with any text that openpyxl would make a formula as text."""
    return [
        _xlsx_text(sheet, value) if isinstance(value, str) and value.startswith("=") else value
        for value in values
    ]


def csv_row(values: Iterable[object]) -> list[object]:
    """The values for `csv.writer.writerow`, with any text a spreadsheet would run made inert."""
    return [_csv_text(value) if isinstance(value, str) else value for value in values]


def _xlsx_text(sheet: "Worksheet | WriteOnlyWorksheet", text: str) -> "Cell":
    from openpyxl.cell import Cell, WriteOnlyCell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    cell = (
        WriteOnlyCell(sheet, value=text) if isinstance(sheet, WriteOnlyWorksheet) else Cell(sheet, value=text)
    )
    cell.data_type = "s"
    return cell


def _csv_text(text: str) -> str:
    if text.startswith(FORMULA_START) and not NUMBER.fullmatch(text):
        return "'" + text
    return text
