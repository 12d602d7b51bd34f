"""List pages of records: search, filters, sort, pagination, and the same rows as an Excel file."""

import datetime
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

import django_filters
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import FileResponse, HttpRequest
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.timezone import localtime

from clmis.audit.context import current_actor
from clmis.audit.models import Export
from clmis.personal_data.selectors import withhold
from clmis.records.spreadsheets import xlsx_row
from modules.custom_fields.filters import custom_filters_add
from modules.custom_fields.records import is_customisable
from modules.custom_fields.values import code_titles, fields_of, shown

EXPORT_CHUNK = 2000
# Excel refuses these in a sheet's name, and names longer than 31 characters.
SHEET_NAME_FORBIDDEN = re.compile(r"[:\\/?*\[\]]")


def sheet_name(title: object) -> str:
    return SHEET_NAME_FORBIDDEN.sub(" ", str(title)).strip()[:31] or "Sheet"


@dataclass(frozen=True)
class Column:
    """A column of a list and of its export. `value` is an attribute path ("employer.name") or a callable."""

    key: str
    label: Promise | str
    value: str | Callable[[Model], object] = ""
    sort: str = ""
    link: bool = False

    def value_of(self, record: Model) -> object:
        if callable(self.value):
            return self.value(record)
        value = record
        for part in (self.value or self.key).split("."):
            value = getattr(value, part, None) if value is not None else None
        if callable(value) and not isinstance(value, Model):
            value = value()
        return value


@dataclass(frozen=True)
class Listing:
    """Everything a record list shows: columns, the FilterSet (with a `q` search), default sort, page size.

    A record a country gives fields of its own also lists them: those chosen as columns on the page,
    every one in the export, and a filter for each chosen as a filter (see modules.custom_fields).
    """

    title: Promise | str
    columns: tuple[Column, ...]
    filterset: type[django_filters.FilterSet]
    default_sort: str
    page_size: int = 25
    export_name: str = ""

    def columns_for(self, model: type[Model], *, export: bool = False) -> tuple[Column, ...]:
        """The list's columns, then its custom fields' (those chosen as columns, or all for the export)."""
        if not is_customisable(model):
            return self.columns
        return self.columns + tuple(
            _custom_column(definition) for definition in fields_of(model) if export or definition.in_list
        )

    def filtered(
        self, request: HttpRequest, queryset: QuerySet, columns: tuple[Column, ...] = ()
    ) -> tuple[django_filters.FilterSet, QuerySet]:
        filters = self.filterset(request.GET or None, queryset=queryset, request=request)
        custom_filters_add(filters)
        rows = filters.qs if filters.is_bound and filters.is_valid() else queryset
        return filters, rows.order_by(*self._ordering(request.GET.get("sort", ""), columns or self.columns))

    def _ordering(self, requested: str, columns: tuple[Column, ...]) -> list[str]:
        sortable = {column.key: column.sort for column in columns if column.sort}
        key = requested.removeprefix("-")
        if key in sortable:
            prefix = "-" if requested.startswith("-") else ""
            return [f"{prefix}{sortable[key]}", "pk"]
        return [self.default_sort, "pk"]

    def context(self, request: HttpRequest, queryset: QuerySet, *, export_url: str = "") -> dict:
        columns = self.columns_for(queryset.model)
        filters, rows = self.filtered(request, queryset, columns)
        page = Paginator(rows, self.page_size).get_page(request.GET.get("page"))
        records = list(page.object_list)
        withhold(records, request.user)
        current = request.GET.get("sort", "")
        return {
            "listing": self,
            "filters": filters,
            "page": page,
            "rows": [(record, [c.value_of(record) for c in columns]) for record in records],
            "headers": [_header(request, column, current) for column in columns],
            "export_url": export_url,
            "export_query": _query(request, drop=("page",)),
            "filtered": any(value for key, value in request.GET.items() if key not in ("page", "sort")),
        }

    def export(
        self, request: HttpRequest, queryset: QuerySet, *, notes: Iterable[object] = ()
    ) -> FileResponse:
        """The filtered, sorted rows as .xlsx, written row by row: memory stays flat at any size.

        `notes` are lines written below the rows, after an empty one (what the rows add up to, such as a
        survey's response rate): the rows stay a plain table from the header down.
        """
        from openpyxl import Workbook  # here, not with the module: see clmis.records.spreadsheets

        columns = self.columns_for(queryset.model, export=True)
        _filters, rows = self.filtered(request, queryset, columns)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=sheet_name(self.title))
        sheet.append([str(column.label) for column in columns])
        written = 0
        for record in rows.iterator(chunk_size=EXPORT_CHUNK):
            withhold((record,), request.user)
            sheet.append(xlsx_row(sheet, [_cell(column.value_of(record)) for column in columns]))
            written += 1
        notes = [str(note) for note in notes]
        if notes:
            sheet.append([])
            for note in notes:
                sheet.append(xlsx_row(sheet, [note]))
        # Spooled: small files stay in memory, large ones go to disk; either way not the whole table.
        file = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
        workbook.save(file)
        file.seek(0)
        # Personal data leaves the system here: who took which rows is kept (clmis.audit.Export).
        Export.objects.create(
            actor=current_actor(),
            records=str(self.title),
            filters=request.GET.urlencode()[:2000],
            rows=written,
        )
        name = f"{slugify(self.export_name or self.title)}.xlsx"
        return FileResponse(
            file,
            as_attachment=True,
            filename=name,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )


def _custom_column(definition) -> Column:
    """A custom field's column: sortable, a code shown with its title (the titles read once a list)."""
    titles = code_titles(definition) if definition.kind == definition.Kind.CHOICE else None
    return Column(
        definition.form_name,
        definition.label,
        value=lambda record: shown(definition, record.custom.get(definition.key), titles),
        sort=f"custom__{definition.key}",
    )


@dataclass(frozen=True)
class Header:
    label: Promise | str
    sort_url: str
    sorted: str  # "ascending", "descending" or "" (for aria-sort)


def _header(request: HttpRequest, column: Column, current: str) -> Header:
    if not column.sort:
        return Header(column.label, "", "")
    ascending = current == column.key
    descending = current == f"-{column.key}"
    target = f"-{column.key}" if ascending else column.key
    return Header(
        column.label,
        "?" + _query(request, drop=("page", "sort"), extra={"sort": target}),
        "ascending" if ascending else "descending" if descending else "",
    )


def _query(request: HttpRequest, drop: tuple[str, ...] = (), extra: dict | None = None) -> str:
    params = [(key, value) for key, value in request.GET.items() if key not in drop and value]
    return urlencode(params + list((extra or {}).items()))


def _cell(value: object) -> object:
    """What a spreadsheet cell can hold: numbers and dates as such, everything else as text."""
    if value is None or isinstance(value, bool | int | float | Decimal | datetime.date):
        if isinstance(value, datetime.datetime):
            return localtime(value).replace(tzinfo=None) if value.tzinfo else value
        return value
    return str(value)
