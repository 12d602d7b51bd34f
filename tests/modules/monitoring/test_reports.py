"""Reports of department activities: every cell equals the confirmed records, counted here independently."""

import datetime
import io
from collections import Counter

import pytest
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from modules.monitoring.models import Activity
from modules.monitoring.reports import (
    ACTIVITIES_BY_TYPE_AND_DISTRICT,
    MONTHLY_ACTIVITIES,
    MONTHLY_PARTICIPANTS,
    PARTICIPANTS_BY_DISTRICT,
    PARTICIPANTS_BY_TYPE,
    SESSIONS_BY_TYPE,
)
from modules.monitoring.services import activity_confirm
from modules.reports.periods import period_parse
from tests.modules.monitoring.helpers import LAST_YEAR, record
from tests.support import client_for, sign_in, user_in

# (type, district, month, day or None for a month-only activity, sessions, women, men, confirmed)
SPECS = (
    ("VISIT", "KN-03", 1, 10, 2, 4, 6, True),
    ("VISIT", "KN-10", 1, 20, 1, 0, 3, True),
    ("TRAINING", "KN-03", 3, 5, 3, 12, 9, True),
    ("TRAINING", None, 3, 6, 2, 7, 1, False),  # a draft: not yet a figure
    ("MEDIA", None, 6, None, 4, 0, 0, True),
    ("OUTREACH", "KN-10", 11, 30, 1, 33, 21, True),
    ("MEETING", "KN-03", 12, 2, 1, 5, 5, True),
)


@pytest.fixture
def activities(kn):
    supervisor = user_in(kn, "supervisor")
    made = []
    for code, district, month, day, sessions, women, men, confirmed in SPECS:
        activity = record(
            kn,
            type=code,
            district=district,
            held_on=datetime.date(LAST_YEAR, month, day) if day else None,
            month=None if day else datetime.date(LAST_YEAR, month, 1),
            sessions=sessions,
            participants_women=women,
            participants_men=men,
        )
        if confirmed:
            with tenant_context(kn):
                activity_confirm(activity=activity, version=1, by=supervisor)
        made.append(activity)
    # Outside the period: not counted for LAST_YEAR.
    old = record(kn, held_on=datetime.date(LAST_YEAR - 1, 12, 31), participants_women=99)
    with tenant_context(kn):
        activity_confirm(activity=old, version=1, by=supervisor)
    return made


def _counted(kn) -> list[Activity]:
    """The confirmed activities of the period, read one by one: the independent count."""
    with tenant_context(kn):
        return [
            activity
            for activity in Activity.objects.select_related("activity_type", "district")
            if activity.status == "confirmed" and activity.month.year == LAST_YEAR
        ]


def _cells(grid) -> dict:
    columns = [value for value, _label in grid.columns]
    return {
        (label, column): count
        for label, counts, _t in grid.rows
        for column, count in zip(columns, counts, strict=True)
    }


def test_participants_by_type_and_sex_equal_the_records(kn, activities):
    with tenant_context(kn):
        grid = PARTICIPANTS_BY_TYPE.grid(period_parse(str(LAST_YEAR)))
    women, men = Counter(), Counter()
    for activity in _counted(kn):
        women[activity.activity_type.title] += activity.participants_women
        men[activity.activity_type.title] += activity.participants_men
    cells = _cells(grid)
    # Every type of the country is a row, in the table's own order, even when nothing was counted for it.
    assert [label for label, _counts, _total in grid.rows] == [
        "Visit",
        "Meeting",
        "Training",
        "Outreach and awareness",
        "Media appearance",
        "Other",
    ]
    for label, _counts, _total in grid.rows:
        assert cells[(label, "F")] == women[label] and cells[(label, "M")] == men[label]
    assert cells[("Training", "F")] == 12  # the draft's 7 women are not counted
    assert grid.total == sum(women.values()) + sum(men.values()) == 98


def test_activities_by_type_and_district_equal_the_records(kn, activities):
    with tenant_context(kn):
        grid = ACTIVITIES_BY_TYPE_AND_DISTRICT.grid(period_parse(str(LAST_YEAR)))
    expected = Counter((a.activity_type.title, a.district.code if a.district else None) for a in _counted(kn))
    cells = _cells(grid)
    assert {key: count for key, count in cells.items() if count} == {key: n for key, n in expected.items()}
    assert grid.total == len(_counted(kn)) == 6
    assert [label for _value, label in grid.columns][:2] == [
        "Saint George Basseterre",
        "Saint Paul Charlestown",
    ]


def test_participants_and_sessions_equal_the_records(kn, activities):
    period = period_parse(str(LAST_YEAR))
    with tenant_context(kn):
        by_district, sessions = PARTICIPANTS_BY_DISTRICT.grid(period), SESSIONS_BY_TYPE.grid(period)
    counted = _counted(kn)
    rows = {label: (counts, total) for label, counts, total in by_district.rows}
    for label, code in (("Saint George Basseterre", "KN-03"), ("Saint Paul Charlestown", "KN-10")):
        mine = [a for a in counted if a.district and a.district.code == code]
        assert rows[label][0] == [
            sum(a.participants_women for a in mine),
            sum(a.participants_men for a in mine),
        ]
    assert rows["not recorded"][1] == 0  # the media series: no district, no participants
    assert sessions.total == sum(a.sessions for a in counted) == 12


def test_the_monthly_summary_has_every_month_of_the_period(kn, activities):
    period = period_parse(str(LAST_YEAR))
    with tenant_context(kn):
        monthly, participants = MONTHLY_ACTIVITIES.grid(period), MONTHLY_PARTICIPANTS.grid(period)
        quarter = MONTHLY_ACTIVITIES.grid(period_parse(f"{LAST_YEAR}-Q1"))
    labels = [label for label, _counts, _total in monthly.rows]
    assert len(labels) == 12 and labels[0] == f"January {LAST_YEAR}" and labels[-1] == f"December {LAST_YEAR}"
    by_month = Counter(a.month.month for a in _counted(kn))
    assert [total for _label, _counts, total in monthly.rows] == [by_month[m] for m in range(1, 13)]
    people = Counter()
    for activity in _counted(kn):
        people[activity.month.month] += activity.participants_total
    assert [total for _label, _counts, total in participants.rows] == [people[m] for m in range(1, 13)]
    assert [label for label, _c, _t in quarter.rows] == [
        f"{m} {LAST_YEAR}" for m in ("January", "February", "March")
    ]
    assert quarter.total == 3


def test_reports_are_per_country(lc, activities):
    with tenant_context(lc):
        assert PARTICIPANTS_BY_TYPE.grid(period_parse(str(LAST_YEAR))).total == 0
        assert MONTHLY_ACTIVITIES.grid(period_parse(str(LAST_YEAR))).total == 0


def test_report_pages_list_show_and_download(kn, activities):
    client = sign_in(client_for("kn.localhost"), kn, "statistician")
    listing = client.get("/reports/").content.decode()
    assert "Monthly summary of confirmed department activities, by month and type" in listing
    page = client.get(f"/reports/activity-participants-by-type/?period={LAST_YEAR}")
    assert page.status_code == 200 and "Outreach and awareness" in page.content.decode()
    excel = client.get(f"/reports/activities-monthly/?period={LAST_YEAR}&format=xlsx")
    rows = list(load_workbook(io.BytesIO(excel.content)).active.iter_rows(values_only=True))
    assert rows[-1][-1] == 6 and len(rows) == 2 + 12 + 1
    submitter = sign_in(client_for("kn.localhost"), kn, "agency_submitter")
    assert submitter.get("/reports/activities-monthly/").status_code == 404
