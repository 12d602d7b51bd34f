"""Management reports of the Department's activities: confirmed activities only, by the month they fall in.

The tables keep to what a row total can mean (the core adds every column of a row into "Total"): counts
of activities by one dimension against another, or participants as women and men, never activities and
people in one row.
"""

import dataclasses
import datetime

from django.db.models import F, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from modules.monitoring.selectors import activities_confirmed, activity_types
from modules.reference.choices import Sex
from modules.reference.models import Code
from modules.reports.dimensions import district
from modules.reports.periods import Period
from modules.reports.tables import Dimension, Grid, Measure, StatisticalTable

PERMISSION = "monitoring.view_activity"


def _type_titles() -> dict:
    return dict(Code.objects.filter(classification__key="department_activity").values_list("code", "title"))


TYPE = Dimension(
    "type",
    _("Type of activity"),
    F("activity_type__code"),
    labels=_type_titles,
    all_values=lambda: list(activity_types().values_list("code", flat=True)),
)
DISTRICT = district()
MONTH = Dimension("month", _("Month"), F("month"))
PARTICIPANTS = (
    Measure(Sex.FEMALE.value, _("Women"), Sum("participants_women")),
    Measure(Sex.MALE.value, _("Men"), Sum("participants_men")),
)


def months_of(period: Period) -> list[datetime.date]:
    """The first day of every month of the period, in order."""
    months, month = [], period.start.replace(day=1)
    while month <= period.end:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


@dataclasses.dataclass(frozen=True)
class MonthlyTable(StatisticalTable):
    """A table whose rows are the months of the period asked for, each shown even with nothing in it
    (a month without activities is a figure for management too), named as people say them."""

    def grid(self, period: Period | None) -> Grid:
        if period is None:
            return super().grid(period)
        months = months_of(period)
        rows = dataclasses.replace(
            self.rows,
            labels=lambda: {month: date_format(month, "YEAR_MONTH_FORMAT") for month in months},
            all_values=lambda: months,
        )
        return StatisticalTable.grid(dataclasses.replace(self, rows=rows), period)


PARTICIPANTS_BY_TYPE = StatisticalTable(
    key="activity-participants-by-type",
    title=_("Participants in confirmed department activities, by type of activity and sex"),
    permission=PERMISSION,
    records=activities_confirmed,
    rows=TYPE,
    measures=PARTICIPANTS,
    date_field="month",
)
ACTIVITIES_BY_TYPE_AND_DISTRICT = StatisticalTable(
    key="activities-by-type-and-district",
    title=_("Confirmed department activities, by type and district"),
    permission=PERMISSION,
    records=activities_confirmed,
    rows=TYPE,
    columns=DISTRICT,
    date_field="month",
)
PARTICIPANTS_BY_DISTRICT = StatisticalTable(
    key="activity-participants-by-district",
    title=_("Participants in confirmed department activities, by district and sex"),
    permission=PERMISSION,
    records=activities_confirmed,
    rows=DISTRICT,
    measures=PARTICIPANTS,
    date_field="month",
)
SESSIONS_BY_TYPE = StatisticalTable(
    key="activity-sessions-by-type",
    title=_("Sessions of confirmed department activities, by type of activity"),
    permission=PERMISSION,
    records=activities_confirmed,
    rows=TYPE,
    measures=(Measure("sessions", _("Sessions"), Sum("sessions")),),
    date_field="month",
)
MONTHLY_ACTIVITIES = MonthlyTable(
    key="activities-monthly",
    title=_("Monthly summary of confirmed department activities, by month and type"),
    permission=PERMISSION,
    records=activities_confirmed,
    rows=MONTH,
    columns=TYPE,
    date_field="month",
)
MONTHLY_PARTICIPANTS = MonthlyTable(
    key="activity-participants-monthly",
    title=_("Monthly summary of participants in confirmed department activities, by month and sex"),
    permission=PERMISSION,
    records=activities_confirmed,
    rows=MONTH,
    measures=PARTICIPANTS,
    date_field="month",
)
