"""List pages of records: search, filters, sort, pagination, and the same rows as an Excel file."""

import datetime
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

import django_filters
from django import forms
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import FileResponse, HttpRequest
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

EXPORT_CHUNK = 2000
# Excel refuses these in a sheet's name, and names longer than 31 characters.
SHEET_NAME_FORBIDDEN = re.compile(r"[:\\/?*\[\]]")


def sheet_name(title: object) -> str:
    return SHEET_NAME_FORBIDDEN.sub(" ", str(title)).strip()[:31] or "Sheet"


def yes_no_filter(label: Promise | str, **kwargs) -> django_filters.BooleanFilter:
    """A filter on a yes/no field, offering Any, Yes and No (Django's own offers "Unknown")."""
    choices = [("", _("Any")), ("true", _("Yes")), ("false", _("No"))]
    return django_filters.BooleanFilter(label=label, widget=forms.Select(choices=choices), **kwargs)


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
    """Everything a record list shows: columns, the FilterSet (with a `q` search), default sort, page size."""

    title: Promise | str
    columns: tuple[Column, ...]
    filterset: type[django_filters.FilterSet]
    default_sort: str
    page_size: int = 25
    export_name: str = ""
    sortable: dict = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "sortable", {c.key: c.sort for c in self.columns if c.sort})

    def filtered(self, request: HttpRequest, queryset: QuerySet) -> tuple[django_filters.FilterSet, QuerySet]:
        filters = self.filterset(request.GET or None, queryset=queryset, request=request)
        rows = filters.qs if filters.is_bound and filters.is_valid() else queryset
        return filters, rows.order_by(*self._ordering(request.GET.get("sort", "")))

    def _ordering(self, requested: str) -> list[str]:
        key = requested.removeprefix("-")
        if key in self.sortable:
            prefix = "-" if requested.startswith("-") else ""
            return [f"{prefix}{self.sortable[key]}", "pk"]
        return [self.default_sort, "pk"]

    def context(self, request: HttpRequest, queryset: QuerySet, *, export_url: str = "") -> dict:
        filters, rows = self.filtered(request, queryset)
        page = Paginator(rows, self.page_size).get_page(request.GET.get("page"))
        current = request.GET.get("sort", "")
        return {
            "listing": self,
            "filters": filters,
            "page": page,
            "rows": [(record, [c.value_of(record) for c in self.columns]) for record in page.object_list],
            "headers": [_header(request, column, current) for column in self.columns],
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
        _filters, rows = self.filtered(request, queryset)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=sheet_name(self.title))
        sheet.append([str(column.label) for column in self.columns])
        for record in rows.iterator(chunk_size=EXPORT_CHUNK):
            sheet.append([_cell(column.value_of(record)) for column in self.columns])
        notes = [str(note) for note in notes]
        if notes:
            sheet.append([])
            for note in notes:
                sheet.append([note])
        # Spooled: small files stay in memory, large ones go to disk; either way not the whole table.
        file = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
        workbook.save(file)
        file.seek(0)
        name = f"{slugify(self.export_name or self.title)}.xlsx"
        return FileResponse(
            file,
            as_attachment=True,
            filename=name,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
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
