"""Vacancy surveys through the pages (plan, sample, open, the response form with its lines, close), the
results and response rate against the records counted here, the Excel exports, and the demo."""

import io
from collections import defaultdict

from django.db.models import Count
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from modules.employers.demo import employers_demo
from modules.reports.periods import period_parse
from modules.vacancy_surveys.demo import vacancy_surveys_demo
from modules.vacancy_surveys.models import ResponseLine, SurveyResponse, SurveyRound
from modules.vacancy_surveys.reports import (
    VACANCIES_BY_ACTIVITY,
    VACANCIES_BY_DISTRICT,
    VACANCIES_BY_OCCUPATION,
    round_results,
)
from modules.vacancy_surveys.services import round_open, round_sample_add
from tests.modules.vacancy_surveys.conftest import REFERENCE, TODAY, plan, respond
from tests.support import client_for, sign_in, user_in

ROUND_FORM = {
    "title": "Limited vacancy survey, second half",
    "reference_date": str(REFERENCE),
    "opens_on": str(REFERENCE),
    "closes_on": str(TODAY),
}


def _lines_form(rows, existing=0, extra=5) -> dict:
    """The formset's fields: rows as (occupation, vacancies, hard to fill, expected, delete, line id)."""
    data = {
        "lines-TOTAL_FORMS": str(max(len(rows), existing + extra)),
        "lines-INITIAL_FORMS": str(existing),
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
    }
    for index, (occupation, vacancies, hard, expected, delete, line_id) in enumerate(rows):
        data.update(
            {
                f"lines-{index}-occupation": occupation,
                f"lines-{index}-vacancies": str(vacancies),
                f"lines-{index}-hard_to_fill": str(hard),
                f"lines-{index}-expected_next_12_months": "" if expected is None else str(expected),
            }
        )
        if delete:
            data[f"lines-{index}-DELETE"] = "on"
        if line_id:
            data[f"lines-{index}-id"] = str(line_id)
    return data


def test_a_supervisor_plans_samples_and_opens_and_an_officer_records_with_lines(
    officer, supervisor, kn, employers
):
    page = supervisor.post("/vacancy_surveys/new/", ROUND_FORM, follow=True).content.decode()
    assert "is planned. Choose the employers to ask" in page
    with tenant_context(kn):
        survey_round = SurveyRound.objects.get(title=ROUND_FORM["title"])
    pk = survey_round.pk

    # The sample: every employer in business of a district, then one more ticked from the register.
    candidates = supervisor.get(f"/vacancy_surveys/{pk}/sample/?district=KN-03").content.decode()
    assert "Frigate Bay Hotel" in candidates and "Charlestown Bakery" not in candidates
    added = supervisor.post(f"/vacancy_surveys/{pk}/sample/?district=KN-03", {"all": "1"}, follow=True)
    assert "2 employers added to the sample." in added.content.decode()
    bakery = employers["Charlestown Bakery"]
    supervisor.post(f"/vacancy_surveys/{pk}/sample/", {"employer": [bakery.pk]})
    assert officer.post(f"/vacancy_surveys/{pk}/sample/", {"all": "1"}).status_code == 403
    with tenant_context(kn):
        survey_round.refresh_from_db()
        assert survey_round.sample_size == 3  # the officer's attempt changed nothing
    assert officer.post(f"/vacancy_surveys/{pk}/open/", {"version": survey_round.version}).status_code == 403
    opened = supervisor.post(f"/vacancy_surveys/{pk}/open/", {"version": survey_round.version}, follow=True)
    assert "is open: record the responses" in opened.content.decode()

    form = officer.get(f"/vacancy_surveys/{pk}/responses/new/").content.decode()
    assert "Charlestown Bakery" in form and "Cayon Hardware" not in form  # only the employers asked
    assert 'name="lines-0-occupation"' in form and 'name="lines-4-occupation"' in form
    saved = officer.post(
        f"/vacancy_surveys/{pk}/responses/new/",
        {
            "employer": bakery.pk,
            "responded_on": str(TODAY),
            "respondent_name": "Mr Browne",
            **_lines_form([("7512", 2, 1, 3, False, None), ("5223", 1, 0, None, False, None)]),
        },
        follow=True,
    ).content.decode()
    assert "The response of Charlestown Bakery is saved." in saved
    assert "7512 Bakers" in saved and "5223 Shop Sales Assistants" in saved
    with tenant_context(kn):
        response = SurveyResponse.objects.get(employer=bakery)
        lines = {line.occupation.code: line for line in response.lines.all()}
    assert lines["7512"].vacancies == 2 and lines["7512"].expected_next_12_months == 3

    # One bad line and nothing of the form is saved: the good lines neither, nor the respondent.
    edit = f"/vacancy_surveys/responses/{response.pk}/edit/"
    rows = [
        ("7512", 4, 1, 3, False, lines["7512"].pk),
        ("5223", 1, 0, None, False, lines["5223"].pk),
        ("9112", 1, 2, None, False, None),
    ]
    refused = officer.post(
        edit,
        {
            "employer": bakery.pk,
            "responded_on": str(TODAY),
            "respondent_name": "Someone",
            "version": 1,
            **_lines_form(rows, existing=2),
        },
    )
    assert refused.status_code == 200
    assert "Hard-to-fill vacancies are some of the vacancies" in refused.content.decode()
    with tenant_context(kn):
        response.refresh_from_db()
        assert response.respondent_name == "Mr Browne" and response.version == 1
        assert sorted(response.lines.values_list("occupation__code", "vacancies")) == [
            ("5223", 1),
            ("7512", 2),
        ]

    # Deleting one line and adding one, in one save.
    rows = [
        ("7512", 4, 1, 3, False, lines["7512"].pk),
        ("5223", 1, 0, None, True, lines["5223"].pk),
        ("9112", 1, 1, None, False, None),
    ]
    done = officer.post(
        edit,
        {
            "employer": bakery.pk,
            "responded_on": str(TODAY),
            "respondent_name": "Mr Browne",
            "version": 1,
            **_lines_form(rows, existing=2),
        },
    )
    assert done.status_code == 302
    with tenant_context(kn):
        response.refresh_from_db()
        assert sorted(response.lines.values_list("occupation__code", "vacancies")) == [
            ("7512", 4),
            ("9112", 1),
        ]
        assert response.lines_summary == "7512: 4, 1, 3; 9112: 1, 1, —"

    detail = supervisor.get(f"/vacancy_surveys/{pk}/").content.decode()
    assert "Response rate" in detail and "33.3" in detail and "provisional" in detail
    with tenant_context(kn):
        survey_round.refresh_from_db()
    closed = supervisor.post(
        f"/vacancy_surveys/{pk}/close/", {"version": survey_round.version}, follow=True
    ).content.decode()
    assert "is closed: its results are final." in closed
    late = officer.get(edit, follow=True).content.decode()
    assert "The round is closed: its responses can no longer be changed." in late
    assert officer.get(f"/vacancy_surveys/{pk}/responses/new/").status_code == 302
    assert (
        'href="/vacancy_surveys/responses/'
        in officer.get(f"/vacancy_surveys/{pk}/responses/").content.decode()
    )
    frozen = supervisor.get(f"/vacancy_surveys/{pk}/edit/", follow=True).content.decode()
    assert "The round is closed and cannot be changed" in frozen
    no_reason = supervisor.post(
        f"/vacancy_surveys/{pk}/reopen/", {"version": survey_round.version + 1}, follow=True
    ).content.decode()
    assert "Say why the round is reopened" in no_reason


def test_the_response_form_refuses_a_duplicate_occupation_and_bad_numbers(officer, kn, employers, open_round):
    url = f"/vacancy_surveys/{open_round.pk}/responses/new/"
    hotel = employers["Frigate Bay Hotel"]
    for rows, message in (
        (
            [("5120", 1, 0, None, False, None), ("5120", 2, 0, None, False, None)],
            "give each occupation one line",
        ),
        ([("5120", -1, 0, None, False, None)], "A number of posts cannot be negative."),
        ([("nurse-ish", 1, 0, None, False, None)], "is not a code of"),
    ):
        page = officer.post(url, {"employer": hotel.pk, "responded_on": str(TODAY), **_lines_form(rows)})
        assert page.status_code == 200 and message in page.content.decode(), message
    outsider = officer.post(
        url, {"employer": employers["Cayon Hardware"].pk, "responded_on": str(TODAY), **_lines_form([])}
    )
    assert "Select a valid choice" in outsider.content.decode()
    with tenant_context(kn):
        assert not SurveyResponse.objects.exists()


def _answers(kn, open_round, employers):
    respond(kn, open_round, employers["Frigate Bay Hotel"], [("5120", 3, 2, 4), ("9112", 2, 0, None)])
    respond(kn, open_round, employers["Charlestown Bakery"], [("7512", 1, 1, 1), ("5223", 2, 0, 2)])
    respond(kn, open_round, employers["Sandy Point Farms"], [("9211", 6, 5, 10)])
    # Another round, a year earlier: outside the period of this round's reference date.
    other = plan(
        kn,
        title="Old survey",
        reference_date=REFERENCE.replace(year=REFERENCE.year - 1),
        opens_on=REFERENCE.replace(year=REFERENCE.year - 1),
    )
    with tenant_context(kn):
        supervisor = user_in(kn, "supervisor")
        round_sample_add(round=other, employers=[employers["Cayon Hardware"]], by=supervisor)
        round_open(round=other, version=other.version, by=supervisor)
    respond(kn, other, employers["Cayon Hardware"], [("5120", 50, 50, None)])


def test_results_and_response_rate_equal_the_records(kn, employers, open_round):
    _answers(kn, open_round, employers)
    with tenant_context(kn):
        period = period_parse(str(REFERENCE.year))
        grids = {
            "occupation": VACANCIES_BY_OCCUPATION.grid(period),
            "activity": VACANCIES_BY_ACTIVITY.grid(period),
            "district": VACANCIES_BY_DISTRICT.grid(period),
        }
        on_page = round_results(open_round)
        expected = {"occupation": defaultdict(lambda: [0, 0, 0]), "activity": defaultdict(lambda: [0, 0, 0])}
        expected["district"] = defaultdict(lambda: [0, 0, 0])
        for line in ResponseLine.objects.filter(
            response__round__reference_date__year=REFERENCE.year
        ).select_related("occupation", "response__employer__isic", "response__employer__district"):
            employer = line.response.employer
            keys = {
                "occupation": line.occupation.code[0],
                "activity": employer.isic.path[0],
                "district": employer.district.title if employer.district else "not recorded",
            }
            for table, key in keys.items():
                sums = expected[table][key]
                sums[0] += line.vacancies
                sums[1] += line.hard_to_fill
                sums[2] += line.expected_next_12_months or 0
    for table, grid in grids.items():
        assert [label for _key, label in grid.columns] == [
            "Vacancies",
            "Hard to fill",
            "Expected in the next 12 months",
        ]
        assert not grid.row_totals
        found = {}
        for label, cells, _total in grid.rows:
            key = label.split(" ")[0] if table != "district" else label
            if any(cells):
                found[key] = cells
        assert found == dict(expected[table]), table
        assert grid.column_totals == [14, 8, 17]
    # The round's page shows the same tables, over its own responses only.
    assert [grid.column_totals for grid in on_page] == [[14, 8, 17]] * 3
    assert dict((label.split(" ")[0], cells) for label, cells, _t in on_page[0].rows) == {
        "5": [5, 2, 6],
        "9": [8, 5, 10],
        "7": [1, 1, 1],
    }


def test_the_round_page_and_the_exports_show_the_response_rate(kn, employers, open_round):
    _answers(kn, open_round, employers)
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    page = statistician.get(f"/vacancy_surveys/{open_round.pk}/").content.decode()
    with tenant_context(kn):
        asked = open_round.sampled.count()
        answered = SurveyResponse.objects.filter(round=open_round).count()
    assert (asked, answered) == (4, 3)
    assert "<td>4</td><td>3</td><td>75.0</td>" in page
    assert "Record a response" not in page  # a statistician reads

    export = statistician.get(f"/vacancy_surveys/{open_round.pk}/responses/export.xlsx")
    assert export.status_code == 200
    rows = list(
        load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.iter_rows(values_only=True)
    )
    header = rows[0]
    occupation, vacancies = header.index("Occupation (ISCO)"), header.index("Vacancies")
    lines = sorted(
        (row[0], row[occupation], row[vacancies]) for row in rows[1:] if row and row[1:] and row[occupation]
    )
    assert lines == [
        ("Charlestown Bakery", "5223", 2),
        ("Charlestown Bakery", "7512", 1),
        ("Frigate Bay Hotel", "5120", 3),
        ("Frigate Bay Hotel", "9112", 2),
        ("Sandy Point Farms", "9211", 6),
    ]
    assert "Employers asked: 4; responded: 3; response rate: 75.0 %" in [row[0] for row in rows]

    listing = statistician.get("/vacancy_surveys/export.xlsx?sort=reference_date")
    rounds = list(
        load_workbook(io.BytesIO(b"".join(listing.streaming_content))).active.iter_rows(values_only=True)
    )
    assert rounds[0][-3:] == ("Employers asked", "Employers responded", "Response rate (%)")
    assert [(row[0], row[-3], row[-2]) for row in rounds[1:]] == [
        ("Old survey", 1, 1),
        ("Limited vacancy survey", 4, 3),
    ]

    responses = statistician.get(
        f"/vacancy_surveys/{open_round.pk}/responses/?sort=-total_vacancies"
    ).content.decode()
    assert (
        responses.index("Sandy Point Farms")
        < responses.index("Frigate Bay Hotel")
        < responses.index("Charlestown Bakery")
    )
    assert (
        "Frigate Bay"
        not in statistician.get(
            f"/vacancy_surveys/{open_round.pk}/responses/?district=KN-10"
        ).content.decode()
    )
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert officer.get(f"/vacancy_surveys/{open_round.pk}/responses/export.xlsx").status_code == 403


def test_the_report_pages_list_the_tables_by_period(kn, employers, open_round):
    _answers(kn, open_round, employers)
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    assert "by occupation (ISCO major group)" in statistician.get("/reports/").content.decode()
    page = statistician.get(f"/reports/vacancy-survey-by-district/?period={REFERENCE.year}").content.decode()
    assert "Saint George Basseterre" in page and "Hard to fill" in page
    excel = statistician.get(f"/reports/vacancy-survey-by-activity/?period={REFERENCE.year}&format=xlsx")
    sheet = list(load_workbook(io.BytesIO(excel.content)).active.iter_rows(values_only=True))
    assert sheet[-1][:4] == ("Total", 14, 8, 17)


def test_page_roles(kn, open_round):
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    submitter = sign_in(client_for("kn.localhost"), kn, "agency_submitter")
    assert statistician.get("/vacancy_surveys/").status_code == 200
    assert statistician.get("/vacancy_surveys/new/").status_code == 403
    assert statistician.get(f"/vacancy_surveys/{open_round.pk}/responses/new/").status_code == 403
    assert officer.get("/vacancy_surveys/new/").status_code == 403
    assert officer.get(f"/vacancy_surveys/{open_round.pk}/edit/").status_code == 403
    assert officer.get("/vacancy_surveys/export.xlsx").status_code == 403
    assert "Download as Excel" not in officer.get("/vacancy_surveys/").content.decode()
    assert (
        "Choose the employers asked" not in officer.get(f"/vacancy_surveys/{open_round.pk}/").content.decode()
    )
    assert submitter.get("/vacancy_surveys/").status_code == 403
    assert submitter.get(f"/vacancy_surveys/{open_round.pk}/").status_code == 403


def test_the_demo_loads_once_with_a_closed_and_an_open_round(kn):
    with tenant_context(kn):
        employers_demo(kn)
        added = vacancy_surveys_demo(kn)
        assert vacancy_surveys_demo(kn) == 0
        rounds = {r.status: r for r in SurveyRound.objects.annotate(n=Count("responses"))}
        assert set(rounds) == {"closed", "open"}
        assert rounds["closed"].n >= 12 and rounds["open"].n == 4 and added == rounds["closed"].n + 4
        assert rounds["closed"].sample_size == rounds["open"].sample_size >= 14
        assert ResponseLine.objects.filter(response__round=rounds["closed"]).count() > 12
        for line in ResponseLine.objects.all():
            assert 0 <= line.hard_to_fill <= line.vacancies


def test_letters_ask_every_employer_of_the_sample_and_reminders_those_not_responded(
    kn, lc, employers, open_round
):
    _answers(kn, open_round, employers)
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert (
        f"/vacancy_surveys/{open_round.pk}/letters/"
        in officer.get(f"/vacancy_surveys/{open_round.pk}/").content.decode()
    )
    with tenant_context(kn):
        asked = set(open_round.sampled.values_list("employer__name", flat=True))
        answered = set(
            SurveyResponse.objects.filter(round=open_round).values_list("employer__name", flat=True)
        )
    page = officer.get(f"/vacancy_surveys/{open_round.pk}/letters/").content.decode()
    assert page.count('<article class="letter">') == len(asked) == 4
    assert all(name in page for name in asked)
    assert "Department of Labour — Saint Kitts and Nevis" in page
    reminders = officer.get(f"/vacancy_surveys/{open_round.pk}/letters/?waiting=1").content.decode()
    assert reminders.count('<article class="letter">') == len(asked - answered) == 1
    assert all(name not in reminders for name in answered)
    at_lc = sign_in(client_for("lc.localhost"), lc, "officer")
    assert at_lc.get(f"/vacancy_surveys/{open_round.pk}/letters/").status_code == 404
