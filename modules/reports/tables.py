"""Tables a module declares in its manifest (`reports=`): counts by period and dimensions, or workflow state.

A StatisticalTable is one aggregate query (GROUP BY its row and column dimensions) over the records of
a period; a WorkflowTable counts a case type's open cases by stage and officer, with the overdue ones
and the average days spent in the current stage. Both produce a Grid, which the pages render as HTML,
print and Excel alike.
"""

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Aggregate, Count, Expression, F, Max, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from modules.reports.periods import Period


@dataclass(frozen=True)
class Dimension:
    """What rows or columns are by: an expression over the records, and how its values read."""

    key: str
    label: Promise | str
    expression: Expression | F
    # Value -> what people read; the values in the data are shown as they are otherwise.
    labels: Callable[[], dict] = dict
    # Values to show even when nothing is counted for them (all size bands, all statuses...).
    all_values: Callable[[], list] = list


@dataclass(frozen=True)
class Grid:
    title: str
    row_label: str
    column_label: str
    columns: list[tuple[object, str]]
    rows: list[tuple[str, list[int], int]]
    column_totals: list[int]
    total: int
    notes: list[str] = field(default_factory=list)
    # False when the columns are measures of different things (actions, workers, days): no Total column.
    row_totals: bool = True


@dataclass(frozen=True)
class Measure:
    """A column that sums a field of the records (women members, workers...) instead of counting them,
    or takes another aggregate of them (a mean, a rate)."""

    key: str
    label: Promise | str
    aggregate: Aggregate | Expression
    # False for a mean or a rate: the rows' values do not add up, so the column's total is the same
    # aggregate over all the records of the period (the mean of them all, not a sum of means).
    additive: bool = True


@dataclass(frozen=True)
class StatisticalTable:
    """Counts of records by a row and a column dimension, or sums of measures (one column each) by row.

    With `cell`, a cell of the rows by the columns holds that measure of its records, not their number:
    the posts of the vacancies by occupation and economic activity, not the vacancies.
    """

    key: str
    title: Promise | str
    permission: str
    records: Callable[[], QuerySet]
    rows: Dimension
    columns: Dimension | None = None
    measures: tuple[Measure, ...] = ()
    # The date field that places a record in a period; None for all records (a stock, e.g. members now).
    date_field: str | None = None
    # Whether a row's measures add up to something (women + men members); not for actions and days.
    row_totals: bool = True
    # What a cell of rows × columns holds when not the number of records (not with `measures`).
    cell: Measure | None = None

    def grid(self, period: Period | None) -> Grid:
        records = self.records()
        if self.date_field and period is not None:
            records = records.filter(**{f"{self.date_field}__range": period.bounds})
        if self.measures:
            sums = records.values(row=self.rows.expression).annotate(
                **{m.key: m.aggregate for m in self.measures}
            )
            # A sum over no value is None: nothing recorded counts as 0 (in the field's own type).
            cells = {
                (item["row"], m.key): item[m.key] or 0 for item in sums.order_by() for m in self.measures
            }
            columns = Dimension(
                "measure",
                "",
                F("pk"),
                labels=lambda: {m.key: m.label for m in self.measures},
                all_values=lambda: [m.key for m in self.measures],
            )
            grid = _grid(str(self.title), self.rows, columns, cells)
            whole = {m.key: m.aggregate for m in self.measures if not m.additive}
            if whole:
                overall = records.aggregate(**whole)
                keys = [m.key for m in self.measures]
                totals = [
                    (overall[key] or 0) if key in overall else total
                    for key, total in zip(keys, grid.column_totals, strict=True)
                ]
                grid = dataclasses.replace(grid, column_totals=totals)
            return dataclasses.replace(grid, row_totals=self.row_totals)
        groups = {"row": self.rows.expression}
        if self.columns is not None:
            groups["column"] = self.columns.expression
        value = self.cell.aggregate if self.cell else Count("pk")
        counts = records.values(**groups).annotate(n=value).order_by()
        # A sum over no value is None: nothing recorded counts as 0.
        cells = {(item["row"], item.get("column")): item["n"] or 0 for item in counts}
        return _grid(
            str(self.title), self.rows, self.columns, cells, number=self.cell.label if self.cell else None
        )


@dataclass(frozen=True)
class WorkflowTable:
    key: str
    title: Promise | str
    permission: str
    model: type  # a Case subclass

    def grid(self, period: Period | None = None) -> Grid:
        model = self.model
        workflow = model.workflow
        open_cases = model.objects.filter(closed_on__isnull=True)
        counts = (
            open_cases.values("status", officer=F("assigned_to__username")).annotate(n=Count("pk")).order_by()
        )
        cells = {(item["status"], item["officer"]): item["n"] for item in counts}
        statuses = Dimension(
            "status",
            _("Stage"),
            F("status"),
            labels=lambda: dict(workflow.choices()),
            all_values=lambda: [s.key for s in workflow.states if not s.closed],
        )
        officers = Dimension(
            "officer", _("Officer"), F("assigned_to__username"), labels=lambda: {None: _("not assigned")}
        )
        grid = _grid(str(self.title), statuses, officers, cells)
        today = timezone.localdate()
        overdue = open_cases.filter(due_on__lt=today).values("status").annotate(n=Count("pk")).order_by()
        since = open_cases.annotate(
            changed=Max("events__at", filter=Q(events__kind__in=("opened", "status")))
        ).values_list("status", "changed")
        days: dict[str, list[int]] = {}
        for status, changed in since:
            if changed is not None:
                days.setdefault(status, []).append((today - timezone.localdate(changed)).days)
        overdue_by_status = {item["status"]: item["n"] for item in overdue}
        notes = [
            _("%(stage)s: %(overdue)d overdue, on average %(days).1f days in this stage.")
            % {
                "stage": workflow.label(key),
                "overdue": overdue_by_status.get(key, 0),
                "days": sum(days[key]) / len(days[key]),
            }
            for key in [s.key for s in workflow.states if not s.closed]
            if key in days
        ]
        if period is not None:
            notes.append(_closing_note(model.objects.filter(closed_on__range=period.bounds)))
        return dataclasses.replace(grid, notes=notes)


def _closing_note(closed: QuerySet) -> str:
    """How many cases were closed in the period, and how long they took from opening on average."""
    spans = [
        (closed_on - opened_on).days for opened_on, closed_on in closed.values_list("opened_on", "closed_on")
    ]
    if not spans:
        return _("No case was closed in the period.")
    return _("Closed in the period: %(count)d, on average %(days).1f days after opening.") % {
        "count": len(spans),
        "days": sum(spans) / len(spans),
    }


def _grid(
    title: str, rows: Dimension, columns: Dimension | None, cells: dict, number: Promise | str | None = None
) -> Grid:
    # A blank value (an empty text field) is as unrecorded as a missing one.
    merged: dict = {}
    for (row, column), count in cells.items():
        key = (row if row != "" else None, column if column != "" else None)
        merged[key] = merged.get(key, 0) + count
    cells = merged
    row_values = _ordered({row for row, _column in cells}, rows.all_values())
    if columns is None:
        column_values = [None]
        column_headers = [(None, str(number) if number else _("Number"))]
    else:
        column_values = _ordered({column for _row, column in cells}, columns.all_values())
        column_labels = columns.labels()
        column_headers = [(value, _label(column_labels, value)) for value in column_values]
    row_labels = rows.labels()
    body = []
    for row in row_values:
        counts = [cells.get((row, column), 0) for column in column_values]
        body.append(
            (str(row_labels.get(row, row if row is not None else _("not recorded"))), counts, sum(counts))
        )
    column_totals = [
        sum(counts[index] for _label, counts, _total in body) for index in range(len(column_values))
    ]
    return Grid(
        title=title,
        row_label=str(rows.label),
        column_label=str(columns.label) if columns else "",
        columns=column_headers,
        rows=body,
        column_totals=column_totals,
        total=sum(column_totals),
    )


def _ordered(values: set, declared: list) -> list:
    """Declared values in their own order (size bands, stages), then the others sorted, unrecorded last."""
    others = sorted((value for value in values if value is not None and value not in declared), key=str)
    return [*declared, *others] + ([None] if None in values else [])


def _label(labels: dict, value: object) -> str:
    if value in labels:
        return str(labels[value])
    return _("not recorded") if value is None else str(value)
