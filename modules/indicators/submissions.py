"""The values an agency submits, by any channel (the form, a CSV or Excel file, the API): one set of
rules for all of them, and the file formats (the template to fill in, the report of what was refused).

A submission is rows of text, as a file holds them: `period`, one column per dimension of the
indicator (its concept: SEX, AGE...; empty for the total over it), `value`, `numerator`,
`denominator`, `flag`. It is accepted whole or refused whole, with every problem by row and column.
"""

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import islice

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from clmis.records.spreadsheets import csv_row
from modules.indicators.computing import period_frequency
from modules.indicators.models import RATE_SCALE, Agency, Indicator, Observation, breakdown_key
from modules.reports.periods import period_parse

FIGURES = ("value", "numerator", "denominator")
# Values submitted at once: in a request (the form, the API, a small file)...
MAX_ROWS = 10_000
# ...and in a file checked in the background (larger than forms.UPLOAD_BACKGROUND_BYTES).
MAX_ROWS_BACKGROUND = 100_000
# Rows checked between two reports of progress (one UPDATE of the upload each).
PROGRESS_EVERY = 1_000
# Errors of a refused file kept for its report (the page shows the first hundred).
ERRORS_KEPT = 5_000
# ILOSTAT's codes where the dimension has a codelist the platform knows; others need only a code.
CODE_PATTERNS = {
    "SEX": re.compile(r"^SEX_[FMO]$"),
    "AGE": re.compile(r"^AGE_[A-Z0-9_+\-]+$"),
    "ECO": re.compile(r"^ECO_ISIC4_[A-UX]$"),
    "OCU": re.compile(r"^OCU_ISCO08_[0-9X]$"),
}
CODE_EXAMPLES = {
    "SEX": "SEX_F, SEX_M, SEX_O",
    "AGE": "AGE_10YRBANDS_Y15-24",
    "ECO": "ECO_ISIC4_A … ECO_ISIC4_U",
    "OCU": "OCU_ISCO08_0 … OCU_ISCO08_9",
}
PERIOD_EXAMPLES = {"A": "2025", "Q": "2025-Q1", "M": "2025-03"}
# Figures as an Observation keeps them: four decimals, twenty digits in all.
LARGEST = Decimal(10) ** 16
# A value that moves by more than this share of the period before's needs a word of explanation.
CHANGE_NEEDING_COMMENT = Decimal("0.5")
COMMENT_LENGTH = 500
# A rate rounded as published (one or two decimals) may differ from its parts by this much.
RATE_ROUNDING = Decimal("0.05")


@dataclass(frozen=True)
class RowError:
    """One problem: the row (as numbered in the file or list; None for the whole submission), the
    column, and what is wrong."""

    row: int | None
    column: str
    message: str


class SubmissionRefused(ValidationError):
    """A submission refused whole, with every problem found."""

    def __init__(self, errors: Sequence[RowError]):
        self.errors = list(errors)
        super().__init__([error.message for error in self.errors])


@dataclass(frozen=True)
class CheckedRow:
    period: str
    dimensions: dict[str, str]
    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None
    flag: str
    comment: str = ""

    @property
    def key(self) -> str:
        return breakdown_key(self.dimensions)


def columns_of(indicator: Indicator) -> list[str]:
    """The columns of the indicator's submissions, in the template's order."""
    return ["period", *indicator.dimensions, *FIGURES, "flag", "comment"]


def submittable_by(indicator: Indicator, agency: Agency | None) -> bool:
    """The agency's own indicator in the package, not computed from the case modules."""
    return (
        agency is not None
        and indicator.agency_id == agency.pk
        and indicator.active
        and not indicator.computed_from
    )


def submission_check(
    *,
    indicator: Indicator,
    agency: Agency | None,
    rows: Sequence[Mapping[str, object]],
    first_row: int = 1,
    max_rows: int = MAX_ROWS,
    progress: Callable[[int], None] | None = None,
) -> list[CheckedRow]:
    """The rows as values of the indicator, or SubmissionRefused with every problem: the rules of
    every channel. Each row is checked (codes, period, figures, flag), then the values together
    (validation_rules: bounds, parts and totals, rates and their parts, changes needing a comment).
    `first_row` is the number of the first row (2 in a file under its header); `progress` is told
    how many rows are checked, every PROGRESS_EVERY rows (a large file's page shows it). One query
    (the periods before, for the changes): a hundred thousand rows are checked in about a second."""
    if not submittable_by(indicator, agency):
        raise SubmissionRefused(
            [
                RowError(
                    None,
                    "",
                    _("Your agency does not submit the values of %(code)s.") % {"code": indicator.code},
                )
            ]
        )
    if not rows:
        raise SubmissionRefused([RowError(None, "", _("There is no value to submit."))])
    if len(rows) > max_rows:
        message = _("Submit at most %(count)d values at once.") % {"count": max_rows}
        raise SubmissionRefused([RowError(None, "", message)])
    errors: list[RowError] = []
    checked: list[CheckedRow] = []
    seen: dict[tuple[str, str], int] = {}
    for done, row in enumerate(rows):
        if progress is not None and done and done % PROGRESS_EVERY == 0:
            progress(done)
        number = first_row + done
        found = _row_check(indicator, number, row)
        if isinstance(found, list):
            errors.extend(found)
            continue
        earlier = seen.setdefault((found.period, found.key), number)
        if earlier != number:
            message = _("Row %(row)d already gives this period and breakdown.") % {"row": earlier}
            errors.append(RowError(number, "period", message))
            continue
        checked.append(found)
    if not errors:
        errors = validation_rules(indicator, checked, seen)
    if errors:
        raise SubmissionRefused(errors)
    return checked


def validation_rules(
    indicator: Indicator, rows: list[CheckedRow], numbers: Mapping[tuple[str, str], int]
) -> list[RowError]:
    """What no single row shows: a count or rate out of bounds, a rate that is not its numerator
    over its denominator, parts that add up to more than their total (women and men: to other than
    it), a value that moved by more than half since the period before without a comment."""
    errors = []
    for row in rows:
        errors.extend(
            RowError(numbers[(row.period, row.key)], *problem) for problem in _bounds(indicator, row)
        )
    if indicator.unit == Indicator.Unit.COUNT:
        errors.extend(_totals_check(rows, numbers))
    errors.extend(_changes_check(indicator, rows, numbers))
    return sorted(errors, key=lambda error: (error.row or 0, error.column))


def _bounds(indicator: Indicator, row: CheckedRow) -> list[tuple[str, str]]:
    if any(figure is not None and figure < 0 for figure in (row.value, row.numerator, row.denominator)):
        return [("value", _("A count, an amount or a rate cannot be negative."))]
    scale = RATE_SCALE.get(indicator.unit)
    if scale is None:
        return []
    if scale > 1 and row.value > scale:
        return [("value", _("This rate is at most %(scale)s.") % {"scale": f"{scale:,}"})]
    if row.numerator is not None and row.denominator:
        expected = row.numerator / row.denominator * scale
        if abs(row.value - expected) > RATE_ROUNDING:
            message = _(
                "The value should be the numerator over the denominator, %(expected)s, not %(value)s."
            )
            return [
                ("value", message % {"expected": f"{expected:.2f}", "value": f"{row.value.normalize():f}"})
            ]
    return []


def _totals_check(rows: list[CheckedRow], numbers: Mapping[tuple[str, str], int]) -> list[RowError]:
    by_breakdown = {(row.period, row.key): row for row in rows}
    parts: dict[tuple[str, str, str], list[CheckedRow]] = {}
    for row in rows:
        for concept in row.dimensions:
            rest = {c: code for c, code in row.dimensions.items() if c != concept}
            parts.setdefault((row.period, breakdown_key(rest), concept), []).append(row)
    errors = []
    for (period, key, concept), children in parts.items():
        total = by_breakdown.get((period, key))
        if total is None:
            continue
        added = sum(child.value for child in children)
        codes = {child.dimensions[concept] for child in children}
        whole = concept == "SEX" and {"SEX_F", "SEX_M"} <= codes
        slack = _rounding(total, *children)
        if added > total.value + slack or (whole and abs(added - total.value) > slack):
            message = (
                _("Its parts by %(concept)s add up to %(added)s, not this total of %(total)s.")
                if whole
                else _("Its parts by %(concept)s add up to %(added)s, more than this total of %(total)s.")
            )
            values = {
                "concept": concept,
                "added": f"{added.normalize():f}",
                "total": f"{total.value.normalize():f}",
            }
            errors.append(RowError(numbers[(period, key)], "value", message % values))
    return errors


def _rounding(*rows: CheckedRow) -> Decimal:
    """What rounding lets parts and totals differ by: nothing for whole numbers; half the last decimal
    given, for each value, for rounded ones (thousands to one decimal)."""
    places = max(-row.value.normalize().as_tuple().exponent for row in rows)
    return Decimal(0) if places <= 0 else Decimal(5) / 10 ** (places + 1) * len(rows)


def _changes_check(
    indicator: Indicator, rows: list[CheckedRow], numbers: Mapping[tuple[str, str], int]
) -> list[RowError]:
    before = {(row.period, row.key): row.value for row in rows}
    wanted = {(period_before(row.period), row.key) for row in rows} - set(before)
    if wanted:
        published = Observation.objects.filter(
            indicator=indicator,
            state=Observation.State.APPROVED,
            period__in={period for period, _key in wanted},
        ).values_list("period", "key", "value")
        before.update({(period, key): value for period, key, value in published if (period, key) in wanted})
    errors = []
    for row in rows:
        previous = period_before(row.period)
        earlier = before.get((previous, row.key))
        if row.comment or not earlier or abs(row.value - earlier) <= abs(earlier) * CHANGE_NEEDING_COMMENT:
            continue
        message = _(
            "The value moved by %(change)s%% since %(period)s (from %(earlier)s): say why in the comment."
        ) % {
            "change": f"{(row.value - earlier) / earlier * 100:+.0f}",
            "period": previous,
            "earlier": f"{earlier.normalize():f}",
        }
        errors.append(RowError(numbers[(row.period, row.key)], "comment", message))
    return errors


def period_before(period: str) -> str:
    """The period just before: 2024 for 2025, 2024-Q4 for 2025-Q1, 2025-02 for 2025-03."""
    year, _dash, part = period.partition("-")
    if not part:
        return str(int(year) - 1)
    if part.startswith("Q"):
        quarter = int(part[1:])
        return f"{year}-Q{quarter - 1}" if quarter > 1 else f"{int(year) - 1}-Q4"
    month = int(part)
    return f"{year}-{month - 1:02d}" if month > 1 else f"{int(year) - 1}-12"


def _row_check(indicator: Indicator, number: int, row: Mapping[str, object]) -> CheckedRow | list[RowError]:
    if not isinstance(row, Mapping):
        return [RowError(number, "", _("Each row is a set of columns and their values."))]
    text = {str(column).strip(): _text(value) for column, value in row.items()}
    errors = [
        RowError(
            number,
            column,
            _("This column is not one of the indicator's: %(columns)s.")
            % {"columns": ", ".join(columns_of(indicator))},
        )
        for column in text
        if column not in columns_of(indicator)
    ]
    period = text.get("period", "")
    try:
        parsed = period_parse(period)
    except ValidationError as error:
        errors.append(RowError(number, "period", error.messages[0]))
    else:
        if period_frequency(parsed) not in indicator.frequencies:
            errors.append(RowError(number, "period", _period_refusal(indicator, period)))
        period = parsed.text
    dimensions = {}
    for concept in indicator.dimensions:
        code = text.get(concept, "")
        if not code:
            continue  # the total over this dimension
        pattern = CODE_PATTERNS.get(concept)
        if pattern is not None and not pattern.match(code):
            message = _("%(code)s is not a code of this dimension (%(examples)s).") % {
                "code": code,
                "examples": CODE_EXAMPLES[concept],
            }
            errors.append(RowError(number, concept, message))
        elif len(code) > 40:
            errors.append(RowError(number, concept, _("A code has at most 40 characters.")))
        dimensions[concept] = code
    figures = {}
    for column in FIGURES:
        figures[column], error = _number(text.get(column, ""), required=column == "value")
        if error:
            errors.append(RowError(number, column, error))
    if figures["denominator"] == 0:
        errors.append(RowError(number, "denominator", _("The denominator cannot be zero.")))
    flag = text.get("flag", "").upper()
    if flag and flag not in Observation.Flag.values:
        message = _("%(flag)s is not an ILOSTAT observation flag (%(flags)s).") % {
            "flag": flag,
            "flags": ", ".join(Observation.Flag.values),
        }
        errors.append(RowError(number, "flag", message))
    comment = text.get("comment", "")
    if len(comment) > COMMENT_LENGTH:
        errors.append(RowError(number, "comment", _("A comment has at most 500 characters.")))
    if errors:
        return errors
    return CheckedRow(
        period, dimensions, figures["value"], figures["numerator"], figures["denominator"], flag, comment
    )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel holds 2025 and 12 as 2025.0 and 12.0
    return str(value).strip()


def _number(text: str, *, required: bool) -> tuple[Decimal | None, str]:
    if not text:
        return None, _("Give the value.") if required else ""
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None, _("%(text)s is not a number: write it with a point for decimals, such as 1234.5.") % {
            "text": text
        }
    if not number.is_finite() or abs(number) >= LARGEST:
        return None, _("%(text)s is not a number the platform can keep.") % {"text": text}
    return number.quantize(Decimal("0.0001")), ""


def _period_refusal(indicator: Indicator, period: str) -> str:
    labels = dict(Indicator.Frequency.choices)
    allowed = ", ".join(
        f"{labels[frequency]} ({PERIOD_EXAMPLES[frequency]})" for frequency in indicator.frequencies
    )
    return _("%(period)s is not a period of this indicator, whose values are: %(allowed)s.") % {
        "period": period,
        "allowed": allowed,
    }


# --- files: read, the template to fill in, the report of what was refused ------------------------------


def submission_read(
    *, name: str, content: bytes, indicator: Indicator | None = None, country: str = ""
) -> list[dict[str, object]]:
    """The rows of a CSV (UTF-8) or Excel (.xlsx) file, under its header row; SubmissionRefused when
    it cannot be read as one. An SDMX-CSV file (TIME_PERIOD, OBS_VALUE...) is read as the template's
    columns, given the indicator and the country's ISO codes it must be about."""
    if name.lower().endswith(".xlsx"):
        rows = _excel_rows(content)
    elif name.lower().endswith(".csv"):
        rows = _csv_rows(content)
    else:
        raise SubmissionRefused([RowError(None, "", _("Upload a .csv or an .xlsx file."))])
    rows = [row for row in rows if any(_text(value) for value in row)]
    if not rows:
        raise SubmissionRefused([RowError(None, "", _("The file is empty."))])
    header = [_text(value) for value in rows[0]]
    if SDMX_PERIOD in header and SDMX_VALUE in header:
        return _sdmx_records(header, rows[1:], indicator, country)
    missing = [column for column in ("period", "value") if column not in header]
    if missing:
        message = _("The first row must name the columns, as the template does; %(columns)s missing.") % {
            "columns": ", ".join(missing)
        }
        raise SubmissionRefused([RowError(1, "", message)])
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if any(_text(value) for value in row[len(header) :]):
            message = _("This row has more cells than the header row has columns.")
            raise SubmissionRefused([RowError(number, "", message)])
        records.append({column: value for column, value in zip(header, row, strict=False) if column})
    return records


# SDMX-CSV (SDMX 2.1/3.0 CSV): the columns of a dataflow, one observation a row.
SDMX_PERIOD, SDMX_VALUE, SDMX_STATUS = "TIME_PERIOD", "OBS_VALUE", "OBS_STATUS"
SDMX_AREA, SDMX_INDICATOR = "REF_AREA", "INDICATOR"
# The codes of a total: SDMX's own and ILOSTAT's for sex (others end in _TOTAL). Not any code ending
# in _T: ECO_ISIC4_T is ISIC's section T, households as employers.
SDMX_TOTALS = {"_T", "SEX_T"}


def _sdmx_records(header: list[str], rows: list, indicator: Indicator | None, country: str) -> list[dict]:
    """SDMX-CSV rows as the template's: TIME_PERIOD the period, OBS_VALUE the value, OBS_STATUS the
    flag, each of the indicator's dimensions by its concept id, a total (_T, SEX_T, ..._TOTAL) as the
    empty cell; rows of another country (REF_AREA) or indicator (INDICATOR) refused."""
    errors, records = [], []
    areas = {code.upper() for code in country.split(",") if code}
    for number, row in enumerate(rows, start=2):
        cells = {column: _text(value) for column, value in zip(header, row, strict=False) if column}
        if areas and cells.get(SDMX_AREA) and cells[SDMX_AREA].upper() not in areas:
            errors.append(RowError(number, SDMX_AREA, _("This row is about another country.")))
        if indicator is not None and cells.get(SDMX_INDICATOR) and cells[SDMX_INDICATOR] != indicator.code:
            errors.append(RowError(number, SDMX_INDICATOR, _("This row is about another indicator.")))
        record = {
            "period": cells.get(SDMX_PERIOD, ""),
            "value": cells.get(SDMX_VALUE, ""),
            "flag": cells.get(SDMX_STATUS, ""),
        }
        for concept in indicator.dimensions if indicator is not None else ():
            code = cells.get(concept, "")
            record[concept] = "" if code in SDMX_TOTALS or code.endswith("_TOTAL") else code
        records.append(record)
    if errors:
        raise SubmissionRefused(errors)
    return records


def _csv_rows(content: bytes) -> list[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        message = _("The file is not a CSV file in UTF-8: save it as “CSV UTF-8”.")
        raise SubmissionRefused([RowError(None, "", message)]) from error
    if "\0" in text:
        raise SubmissionRefused([RowError(None, "", _("The file is not a CSV file."))])
    # Excel saves CSV with semicolons where the decimal separator is a comma.
    header = text.split("\n", 1)[0]
    delimiter = ";" if ";" in header and "," not in header else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        return list(reader)
    except csv.Error as error:
        message = _(
            "The file is not well-formed CSV: line %(line)d cannot be read (a quotation mark left open?)."
        ) % {"line": reader.line_num}
        raise SubmissionRefused([RowError(reader.line_num, "", message)]) from error


def _excel_rows(content: bytes) -> list[tuple]:
    from openpyxl import load_workbook  # here, not with the module: see clmis.records.spreadsheets

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        message = _("The file is not an Excel workbook (.xlsx).")
        raise SubmissionRefused([RowError(None, "", message)]) from error
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        # A workbook is compressed: a few hundred kilobytes hold millions of rows. The header and one
        # row more than any submission may hold are enough for the check to refuse it.
        filled = (row for row in rows if any(_text(value) for value in row))
        return list(islice(filled, MAX_ROWS_BACKGROUND + 2))
    finally:
        workbook.close()


def submission_template_csv(indicator: Indicator) -> str:
    out = io.StringIO()
    csv.writer(out).writerow(columns_of(indicator))
    return out.getvalue()


def submission_template_xlsx(indicator: Indicator) -> bytes:
    from openpyxl import Workbook  # here, not with the module: see clmis.records.spreadsheets

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = indicator.code[:31]
    sheet.append(columns_of(indicator))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def error_report_csv(errors: Iterable[RowError]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["row", "column", "message"])
    for error in errors:
        writer.writerow(csv_row(["" if error.row is None else error.row, error.column, error.message]))
    return out.getvalue()
