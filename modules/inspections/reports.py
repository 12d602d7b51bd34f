"""The inspections' statistical and workflow tables, and the annual report under ILO Convention 81."""

from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal

from django.apps import apps
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, Sum
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modules.inspections.models import (
    ChecklistItem,
    Finding,
    Inspection,
    Kind,
    Notice,
    NoticeKind,
    Penalty,
    Violation,
)
from modules.inspections.selectors import inspectors_available
from modules.reports.dimensions import isic_section
from modules.reports.periods import Period
from modules.reports.tables import Dimension, Grid, StatisticalTable, WorkflowTable
from modules.workplaces.models import Workplace
from tenants.selectors import module_enabled_here

PERMISSION = "inspections.view_inspection"
# What the accidents module offers the report, if it is installed (inspections do not depend on it).
ACCIDENT_COUNTS = "modules.accidents.selectors.accidents_for_c81"


AREA = Dimension("area", gettext_lazy("Area"), F("area__title"))

VISITS_BY_ACTIVITY_AND_KIND = StatisticalTable(
    key="inspections-by-activity-and-kind",
    title=gettext_lazy("Inspection visits, by economic activity and kind of inspection"),
    permission=PERMISSION,
    records=Inspection.objects.all,
    rows=isic_section(),
    columns=Dimension(
        "kind",
        gettext_lazy("Kind"),
        F("kind"),
        labels=lambda: dict(Kind.choices),
        all_values=lambda: list(Kind.values),
    ),
    date_field="visited_on",
)
CHECKLIST_FINDINGS = StatisticalTable(
    key="inspections-checklist-findings",
    title=gettext_lazy("Legal areas checked at the visits, by finding"),
    permission=PERMISSION,
    records=ChecklistItem.objects.all,
    rows=AREA,
    columns=Dimension(
        "finding",
        gettext_lazy("Finding"),
        F("finding"),
        labels=lambda: dict(Finding.choices),
        all_values=lambda: list(Finding.values),
    ),
    date_field="inspection__visited_on",
)
VIOLATIONS_BY_AREA = StatisticalTable(
    key="inspections-violations-by-area",
    title=gettext_lazy("Violations found, by area and economic activity"),
    permission=PERMISSION,
    records=Violation.objects.all,
    rows=AREA,
    columns=isic_section("inspection__isic__path"),
    date_field="inspection__visited_on",
)
NOTICES_BY_KIND = StatisticalTable(
    key="inspections-notices-by-kind",
    title=gettext_lazy("Orders and notices given, by kind and whether they were complied with"),
    permission=PERMISSION,
    records=Notice.objects.all,
    rows=Dimension(
        "kind",
        gettext_lazy("Kind of notice"),
        F("kind"),
        labels=lambda: dict(NoticeKind.choices),
        all_values=lambda: list(NoticeKind.values),
    ),
    columns=Dimension(
        "complied",
        gettext_lazy("Complied with"),
        ExpressionWrapper(Q(complied_on__isnull=False), output_field=BooleanField()),
        labels=lambda: {True: _("complied with"), False: _("not yet")},
        all_values=lambda: [True, False],
    ),
    date_field="inspection__visited_on",
)
WORKFLOW = WorkflowTable(
    key="inspections-workflow",
    title=gettext_lazy("Open inspections by stage and officer"),
    permission=PERMISSION,
    model=Inspection,
)


# --- the annual report of the labour inspection service (ILO Convention 81, Article 21) -----------------

WOMEN, MEN, NOT_BY_SEX = "F", "M", "-"


@dataclass(frozen=True)
class C81Report:
    """The figures Article 21 of ILO Convention 81 asks the annual inspection report to give, for a period.

    Not one GROUP BY like a StatisticalTable: each line is its own count, by sex where the records know
    it. The lines count different things, so the report has no grand total (the cells stay empty).
    """

    key: str
    title: Promise | str
    permission: str

    def grid(self, period: Period | None) -> Grid:
        if period is None:
            raise ValueError("The C81 report is for a period.")
        rows = [
            *self._inspectors(period),
            *self._workplaces(period),
            *self._visits(period),
            *self._violations(period),
            *self._penalties(period),
            *self._accidents(period),
        ]
        columns = [(WOMEN, _("Women")), (MEN, _("Men")), (NOT_BY_SEX, _("Not by sex"))]
        body = [
            (str(label), [cells.get(value, 0) for value, _label in columns], sum(cells.values()))
            for label, cells in rows
        ]
        return Grid(
            title=str(self.title),
            row_label=_("Article 21"),
            column_label=_("Sex"),
            columns=columns,
            rows=body,
            column_totals=["" for _column in columns],
            total="",
            notes=self._notes(period),
        )

    def _inspectors(self, period: Period) -> list:
        """(b) Inspectors: users who may work inspections and led or took part in a visit in the period."""
        visits = Inspection.objects.filter(visited_on__range=period.bounds)
        leads = set(visits.exclude(assigned_to=None).values_list("assigned_to", flat=True))
        joined = set(visits.values_list("inspectors", flat=True)) - {None}
        count = inspectors_available().filter(pk__in=leads | joined).count()
        return [(_("(b) Labour inspectors who made visits"), {NOT_BY_SEX: count})]

    def _workplaces(self, period: Period) -> list:
        """(c) Workplaces liable to inspection: those of the register in operation, with their workers."""
        end = timezone.make_aware(datetime.combine(period.end, time.max))
        liable = Workplace.objects.filter(active=True, created_at__lte=end)
        workers = liable.aggregate(women=Sum("workers_women"), men=Sum("workers_men"))
        return [
            (_("(c) Workplaces liable to inspection"), {NOT_BY_SEX: liable.count()}),
            (_("(c) Workers employed in them"), {WOMEN: workers["women"] or 0, MEN: workers["men"] or 0}),
        ]

    def _visits(self, period: Period) -> list:
        """(d) Inspection visits in the period, and the workers present at them."""
        visits = Inspection.objects.filter(visited_on__range=period.bounds)
        counts = visits.aggregate(
            all=Count("pk"),
            follow_ups=Count("pk", filter=Q(kind=Kind.FOLLOW_UP)),
            complaints=Count("pk", filter=Q(kind=Kind.COMPLAINT)),
            workplaces=Count("workplace", distinct=True),
            women=Sum("workers_women"),
            men=Sum("workers_men"),
        )
        return [
            (_("(d) Inspection visits"), {NOT_BY_SEX: counts["all"]}),
            (_("(d) of which follow-up visits"), {NOT_BY_SEX: counts["follow_ups"]}),
            (_("(d) of which prompted by a complaint"), {NOT_BY_SEX: counts["complaints"]}),
            (_("(d) Workplaces visited"), {NOT_BY_SEX: counts["workplaces"]}),
            (_("(d) Workers present at the visits"), {WOMEN: counts["women"] or 0, MEN: counts["men"] or 0}),
        ]

    def _violations(self, period: Period) -> list:
        """(e) Violations reported, by area and by the legal provision cited; the notices given."""
        violations = Violation.objects.filter(inspection__visited_on__range=period.bounds)
        rows = [(_("(e) Violations reported"), {NOT_BY_SEX: violations.count()})]
        by_area = violations.values("area__title").annotate(n=Count("pk")).order_by("area__path")
        rows += [
            (_("(e) Violations: %(area)s") % {"area": item["area__title"]}, {NOT_BY_SEX: item["n"]})
            for item in by_area
        ]
        by_provision = violations.values("provision").annotate(n=Count("pk")).order_by("provision")
        rows += [
            (
                _("(e) Legal provision: %(provision)s") % {"provision": item["provision"]},
                {NOT_BY_SEX: item["n"]},
            )
            for item in by_provision
        ]
        notices = dict(
            Notice.objects.filter(inspection__visited_on__range=period.bounds)
            .values_list("kind")
            .annotate(n=Count("pk"))
            .order_by()
        )
        rows += [
            (_("(e) %(kind)s given") % {"kind": label}, {NOT_BY_SEX: notices.get(kind, 0)})
            for kind, label in NoticeKind.choices
        ]
        return rows

    def _penalties(self, period: Period) -> list:
        """(e) Penalties imposed in the period: how many, and their amount."""
        imposed = Penalty.objects.filter(imposed_on__range=period.bounds).aggregate(
            n=Count("pk"), amount=Sum("amount")
        )
        return [
            (_("(e) Penalties imposed"), {NOT_BY_SEX: imposed["n"]}),
            (_("(e) Amount of the penalties imposed"), {NOT_BY_SEX: imposed["amount"] or Decimal("0.00")}),
        ]

    def _accidents(self, period: Period) -> list:
        """(f) Industrial accidents and (g) occupational diseases, from the accidents module where used."""
        if not self._accidents_recorded():
            return []
        counts = import_string(ACCIDENT_COUNTS)(period)
        return [
            (_("(f) Industrial accidents, fatal"), _by_sex(counts["fatal"])),
            (_("(f) Industrial accidents, not fatal"), _by_sex(counts["non_fatal"])),
            (_("(g) Cases of occupational disease"), _by_sex(counts["diseases"])),
        ]

    def _accidents_recorded(self) -> bool:
        return apps.is_installed("modules.accidents") and module_enabled_here("accidents")

    def _notes(self, period: Period) -> list[str]:
        notes = [
            _(
                "Workplaces liable to inspection are the workplaces in operation in the register (recorded "
                "by the end of the period), with the workers last reported for them."
            ),
            _(
                "Inspectors are the users who may work inspections and led or took part in a visit made in "
                "the period. Violations and notices are those of the visits made in the period; penalties "
                "those imposed in it."
            ),
        ]
        if not self._accidents_recorded():
            notes.append(
                _(
                    "Industrial accidents and occupational diseases (f, g) are not recorded in this country: "
                    "the accidents module is not used."
                )
            )
        else:
            notes.append(
                _("Accidents and diseases are counted by the date of the accident or the diagnosis.")
            )
        return notes


def _by_sex(counts: dict[str, int]) -> dict[str, int]:
    """Counts by sex code, the sex neither female nor male (other, not stated) under "not by sex"."""
    cells: dict[str, int] = {}
    for sex, count in counts.items():
        column = sex if sex in (WOMEN, MEN) else NOT_BY_SEX
        cells[column] = cells.get(column, 0) + count
    return cells


C81_ANNUAL_REPORT = C81Report(
    key="inspections-c81-annual-report",
    title=gettext_lazy("Annual report of the labour inspection service (ILO Convention 81, Article 21)"),
    permission=PERMISSION,
)
