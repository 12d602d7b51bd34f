"""Report tables: counts by period and dimensions, workflow by stage and officer; page, Excel, refusals."""

import dataclasses
import datetime
import io

import pytest
from django.db.models import Avg, Count, Sum
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from clmis.records.listing import sheet_name
from modules.casework.services import case_assign, case_open, case_transition
from modules.complaints.models import Complaint
from modules.complaints.services import complaint_open
from modules.employers.reports import EMPLOYERS_BY_ACTIVITY
from modules.employers.services import employer_save
from modules.reference.selectors import code_lookup
from modules.reports.dimensions import age_band, district, isco_major_group, isic_section
from modules.reports.periods import period_parse
from modules.reports.tables import Measure, StatisticalTable
from modules.workplaces.models import Workplace
from modules.workplaces.reports import WORKERS_BY_DISTRICT
from modules.workplaces.services import workplace_save
from tests.casework_app.models import Grievance
from tests.casework_app.reports import GRIEVANCE_WORKFLOW
from tests.support import client_for, sign_in, user_in


@pytest.fixture
def employers(kn):
    with tenant_context(kn):
        for name, isic, size in (
            ("A Hotel", "5510", "50-249"),
            ("B Hotel", "5510", "1-9"),
            ("C Bakery", "1071", "10-49"),
            ("D Unknown", None, ""),
        ):
            employer_save(
                values={
                    "name": name,
                    "isic": code_lookup("isic4", isic) if isic else None,
                    "size_band": size,
                },
                version=None,
                by=None,
            )


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026", (2026, 1, 1), (2026, 12, 31)),
        ("2026-Q2", (2026, 4, 1), (2026, 6, 30)),
        ("2024-02", (2024, 2, 1), (2024, 2, 29)),
    ],
)
def test_periods_read_as_people_write_them(text, start, end):
    period = period_parse(text)
    assert period.bounds == (datetime.date(*start), datetime.date(*end))


def test_a_statistical_table_counts_by_its_dimensions(kn, employers):
    with tenant_context(kn):
        grid = EMPLOYERS_BY_ACTIVITY.grid(period_parse(str(datetime.date.today().year)))
    rows = {label: (counts, total) for label, counts, total in grid.rows}
    sizes = [label for _value, label in grid.columns]
    # Every size band is a column even when nothing is counted in it; blanks read "not recorded".
    assert sizes == ["1–9 workers", "10–49 workers", "50–249 workers", "250 or more workers", "not recorded"]
    assert rows["I Accommodation and food service activities"][1] == 2
    assert rows["C Manufacturing"][1] == 1
    assert rows["not recorded"][1] == 1
    assert grid.total == 4 and sum(grid.column_totals) == 4
    with tenant_context(kn):
        assert EMPLOYERS_BY_ACTIVITY.grid(period_parse("1999")).total == 0


def test_a_workflow_table_counts_open_cases_by_stage_and_officer(kn):
    with tenant_context(kn):
        officer, supervisor = user_in(kn, "officer"), user_in(kn, "supervisor")
        ten_days_ago = datetime.date.today() - datetime.timedelta(days=10)
        cases = [
            case_open(
                case=Grievance(), values={"complainant": f"P{i}", "opened_on": ten_days_ago}, by=officer
            )
            for i in range(3)
        ]
        case_assign(
            case=cases[0],
            officer=officer,
            by=supervisor,
            due_on=datetime.date.today() - datetime.timedelta(days=2),
        )
        case_transition(case=cases[1], action="investigate", by=officer)
        case_transition(case=cases[2], action="withdraw", by=officer)
        grid = GRIEVANCE_WORKFLOW.grid()
    rows = {
        label: dict(zip([label for _v, label in grid.columns], counts, strict=True))
        for label, counts, _t in grid.rows
    }
    assert rows["Received"]["officer"] == 1 and rows["Under investigation"]["not assigned"] == 1
    assert grid.total == 2  # the withdrawn case is closed
    assert any("Received: 1 overdue" in note for note in grid.notes)


def test_report_pages_html_excel_and_a_bad_period(kn, employers):
    client = sign_in(client_for("kn.localhost"), kn, "statistician")
    listing = client.get("/reports/").content.decode()
    assert "Employers registered, by economic activity and size" in listing
    assert "Open grievances by stage and officer" in listing
    year = datetime.date.today().year
    page = client.get(f"/reports/employers-by-activity/?period={year}")
    assert page.status_code == 200 and "C Manufacturing" in page.content.decode()
    excel = client.get(f"/reports/employers-by-activity/?period={year}&format=xlsx")
    sheet = load_workbook(io.BytesIO(excel.content)).active
    assert list(sheet.iter_rows(values_only=True))[-1][-1] == 4
    bad = client.get("/reports/employers-by-activity/?period=last-year")
    assert bad.status_code == 400 and "Write the period as a year" in bad.content.decode()
    submitter = sign_in(client_for("kn.localhost"), kn, "agency_submitter")
    assert submitter.get("/reports/employers-by-activity/").status_code == 404


def test_a_table_can_sum_measures_by_row(kn):
    with tenant_context(kn):
        employer = employer_save(values={"name": "Sum Test Ltd"}, version=None, by=None)
        for name, district, women, men in (("A", "KN-03", 10, 5), ("B", "KN-03", 3, 7), ("C", "KN-10", 0, 4)):
            workplace_save(
                employer=employer,
                values={
                    "name": name,
                    "district": code_lookup("district", district),
                    "workers_women": women,
                    "workers_men": men,
                },
                version=None,
                by=None,
            )
        grid = WORKERS_BY_DISTRICT.grid(None)
    rows = {label: (counts, total) for label, counts, total in grid.rows}
    assert [label for _key, label in grid.columns] == ["Women", "Men"]
    assert rows["Saint George Basseterre"] == ([13, 12], 25)
    assert rows["Saint Paul Charlestown"] == ([0, 4], 4)
    assert grid.total == 29


def test_a_table_can_sum_a_measure_by_row_and_column(kn):
    """With `cell`, each cell holds the measure's sum of its records (workers, not workplaces)."""
    with tenant_context(kn):
        employer = employer_save(values={"name": "Cell Test Ltd"}, version=None, by=None)
        for name, place, isic, women in (
            ("A", "KN-03", "5510", 10),
            ("B", "KN-03", "5510", 3),
            ("C", "KN-03", "1071", 0),
            ("D", "KN-10", "1071", 4),
        ):
            workplace_save(
                employer=employer,
                values={
                    "name": name,
                    "district": code_lookup("district", place),
                    "isic": code_lookup("isic4", isic),
                    "workers_women": women,
                },
                version=None,
                by=None,
            )
        table = StatisticalTable(
            key="test-women-by-district-and-activity",
            title="Women workers by district and activity",
            permission="workplaces.view_workplace",
            records=lambda: Workplace.objects.filter(employer=employer),
            rows=district("district"),
            columns=isic_section(),
            cell=Measure("women", "Women workers", Sum("workers_women")),
        )
        grid = table.grid(None)
        by_district = StatisticalTable(
            key="test-women-by-district",
            title="Women workers by district",
            permission="workplaces.view_workplace",
            records=lambda: Workplace.objects.filter(employer=employer),
            rows=district("district"),
            cell=Measure("women", "Women workers", Sum("workers_women")),
        ).grid(None)
    rows = {label: (counts, total) for label, counts, total in grid.rows}
    assert [value for value, _label in grid.columns] == ["C", "I"]
    assert rows["Saint George Basseterre"] == ([0, 13], 13)
    assert rows["Saint Paul Charlestown"] == ([4, 0], 4)
    assert grid.column_totals == [4, 13] and grid.total == 17
    assert by_district.columns == [(None, "Women workers")] and by_district.total == 17


def test_a_mean_measure_totals_as_the_mean_of_all_records_not_a_sum_of_means(kn):
    """A measure that does not add up (a mean, a rate) is totalled by the same aggregate over every record."""
    with tenant_context(kn):
        employer = employer_save(values={"name": "Mean Test Ltd"}, version=None, by=None)
        for name, district, women in (("A", "KN-03", 10), ("B", "KN-03", 20), ("C", "KN-10", 3)):
            workplace_save(
                employer=employer,
                values={"name": name, "district": code_lookup("district", district), "workers_women": women},
                version=None,
                by=None,
            )
        table = dataclasses.replace(
            WORKERS_BY_DISTRICT,
            measures=(
                Measure("mean", "Mean women", Avg("workers_women"), additive=False),
                Measure("places", "Workplaces", Count("pk")),
            ),
            row_totals=False,
        )
        grid = table.grid(None)
    rows = {label: cells for label, cells, _total in grid.rows}
    assert rows["Saint George Basseterre"] == [15, 2] and rows["Saint Paul Charlestown"] == [3, 1]
    assert grid.column_totals == [11, 3]  # (10 + 20 + 3) / 3, not 15 + 3


def test_excel_accepts_any_table_title():
    assert sheet_name("Activities: by type / month [2026]?") == "Activities  by type   month  20"
    assert sheet_name("::") == "Sheet"


def test_age_bands_count_the_age_reached_on_the_records_date_and_isco_major_groups(kn):
    """Ages are whole years on the record's own date (a birthday the day after does not count yet)."""
    with tenant_context(kn):
        officer = user_in(kn, "officer")
        employer = employer_save(values={"name": "Age Band Ltd"}, version=None, by=None)
        opened = datetime.date(datetime.date.today().year - 1, 6, 15)
        people = (
            ("Turns 25 tomorrow", opened.replace(year=opened.year - 25) + datetime.timedelta(days=1), "2221"),
            ("Just 25", opened.replace(year=opened.year - 25), "2211"),
            ("Sixty-six", opened.replace(year=opened.year - 66), "9112"),
            ("Unknown age", None, None),
        )
        for name, birth, isco in people:
            complaint_open(
                values={
                    "complainant_name": name,
                    "complainant_sex": "F",
                    "complainant_birth_date": birth,
                    "occupation": code_lookup("isco08", isco) if isco else None,
                    "employer": employer,
                    "category": code_lookup("complaint_category", "WAGES"),
                    "opened_on": opened,
                },
                by=officer,
            )
        table = StatisticalTable(
            key="test-ages",
            title="Complaints by age and occupation",
            permission="complaints.view_complaint",
            records=lambda: Complaint.objects.filter(employer=employer),
            rows=age_band("complainant_birth_date", "opened_on"),
            columns=isco_major_group("occupation__path"),
            date_field="opened_on",
        )
        grid = table.grid(period_parse(str(opened.year)))
    rows = {label: (counts, total) for label, counts, total in grid.rows}
    columns = [label for _value, label in grid.columns]
    # Every band of working age is a row even with nobody in it; the under-15 band only when counted.
    assert list(rows) == ["15–24", "25–34", "35–44", "45–54", "55–64", "65 and over", "not recorded"]
    assert columns == ["2 Professionals", "9 Elementary Occupations", "not recorded"]
    assert rows["15–24"] == ([1, 0, 0], 1)
    assert rows["25–34"] == ([1, 0, 0], 1)
    assert rows["65 and over"] == ([0, 1, 0], 1)
    assert rows["not recorded"] == ([0, 0, 1], 1)
    assert grid.total == 4
