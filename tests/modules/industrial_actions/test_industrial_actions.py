"""Industrial actions (Form 8): lifecycle, the ILO measures (workers involved by sex, days not worked),
defaults from the registers, refusals, reports against the records, letters, isolation, demo data."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db.models import Count, F, Q, Sum
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from modules.employers.demo import employers_demo
from modules.employers.services import employer_save
from modules.industrial_actions.demo import industrial_actions_demo
from modules.industrial_actions.models import IndustrialAction, working_days
from modules.industrial_actions.reports import BY_ACTIVITY, BY_CAUSE_AND_TYPE, BY_TYPE, WORKFLOW
from modules.industrial_actions.services import industrial_action_open
from modules.reference.selectors import code_lookup
from modules.registry import dependants_of
from modules.reports.periods import period_parse
from modules.unions.services import union_save
from modules.workplaces.services import workplace_save
from tenants.selectors import modules_enabled_in
from tenants.services import module_disable
from tests.support import client_for, sign_in, user_in

TODAY = datetime.date.today()
# A Monday to Wednesday some weeks back: three working days.
MONDAY = TODAY - datetime.timedelta(days=TODAY.weekday() + 21)
WEDNESDAY = MONDAY + datetime.timedelta(days=2)


@pytest.fixture
def employer(kn):
    with tenant_context(kn):
        return employer_save(
            values={
                "name": "Basseterre Bottling Company",
                "registration_number": "C-9201",
                "isic": code_lookup("isic4", "1104"),
            },
            version=None,
            by=None,
        )


@pytest.fixture
def plant(kn, employer):
    """The employer's port warehouse, coded with its own activity (warehousing, ISIC 5210)."""
    with tenant_context(kn):
        return workplace_save(
            employer=employer,
            values={"name": "Port warehouse", "isic": code_lookup("isic4", "5210"), "workers_men": 40},
            version=None,
            by=None,
        )


@pytest.fixture
def union(kn):
    with tenant_context(kn):
        return union_save(
            values={"name": "Basseterre Port and Transport Workers Union", "acronym": "BPTWU"},
            version=None,
            by=None,
        )


@pytest.fixture
def officer(kn):
    return sign_in(client_for("kn.localhost"), kn, "officer")


@pytest.fixture
def supervisor(kn):
    return sign_in(client_for("kn.localhost"), kn, "supervisor")


def _new(client, **extra):
    payload = {
        "action_type": "strike",
        "workers_women": 18,
        "workers_men": 102,
        "started_on": str(MONDAY),
        "cause": "WAGES",
        "opened_on": str(MONDAY - datetime.timedelta(days=3)),
        **extra,
    }
    return client.post("/api/v1/industrial_actions/", payload, content_type="application/json")


def _act(client, pk, action, version, **values):
    return client.post(
        f"/api/v1/cases/{pk}/transitions/",
        {"action": action, "version": version, "values": values},
        content_type="application/json",
    )


def test_working_days_count_monday_to_friday():
    assert working_days(MONDAY, WEDNESDAY) == 3
    assert working_days(MONDAY, MONDAY + datetime.timedelta(days=6)) == 5  # a whole week
    assert working_days(MONDAY, MONDAY + datetime.timedelta(days=13)) == 10
    assert working_days(WEDNESDAY, MONDAY) == 0


def test_a_strike_is_notified_begins_and_ends_by_the_api(officer, supervisor, employer, union, kn):
    made = _new(
        officer, employer=employer.pk, union=union.pk, notified_by="Dwayne Charles, general secretary"
    )
    assert made.status_code == 201, made.content
    action = made.json()
    assert action["reference"].startswith("IA-") and action["status"] == "reported"
    # The ISIC class defaults to the employer's.
    assert action["isic"] == "1104" and action["workers_total"] == 120
    assert action["cause_title"] == "Wages and allowances"
    pk = action["id"]

    letter = officer.post(
        f"/api/v1/cases/{pk}/letters/",
        {"key": "industrial_actions/acknowledgment", "language": "en"},
        content_type="application/json",
    )
    assert letter.status_code == 201
    assert _act(officer, pk, "begin", 1).json()["status"] == "ongoing"
    ongoing = officer.get(f"/api/v1/industrial_actions/{pk}/").json()
    assert ongoing["days_not_worked"] is None and ongoing["days_not_worked_suggested"]["so_far"] is True

    assert _act(officer, pk, "end", 2, ended_on=str(WEDNESDAY), outcome="partly").status_code == 403
    missing = _act(supervisor, pk, "end", 2)
    assert missing.status_code == 400 and set(missing.json()["errors"]) == {"ended_on", "outcome"}
    backwards = _act(
        supervisor, pk, "end", 2, ended_on=str(MONDAY - datetime.timedelta(days=1)), outcome="met"
    )
    assert backwards.status_code == 400 and "before it started" in str(backwards.json()["errors"]["ended_on"])
    negative = _act(supervisor, pk, "end", 2, ended_on=str(WEDNESDAY), outcome="met", days_not_worked="-1")
    assert negative.status_code == 400 and "cannot be negative" in str(negative.json()["errors"])
    ended = _act(supervisor, pk, "end", 2, ended_on=str(WEDNESDAY), outcome="partly")
    assert ended.status_code == 200 and ended.json()["status"] == "ended"

    done = officer.get(f"/api/v1/industrial_actions/{pk}/").json()
    # Left empty, it is not invented: the suggestion is 120 workers × 3 working days.
    assert done["days_not_worked"] is None
    assert done["days_not_worked_suggested"] == {
        "days": "360.0",
        "workers": 120,
        "working_days": 3,
        "so_far": False,
    }
    # Entered as the parties report it (not every worker stayed out every day).
    patched = officer.patch(
        f"/api/v1/industrial_actions/{pk}/",
        {"days_not_worked": "331.5", "version": done["version"]},
        content_type="application/json",
    )
    assert patched.status_code == 200 and patched.json()["days_not_worked"] == "331.5"
    with tenant_context(kn):
        stored = IndustrialAction.objects.get(pk=pk)
        assert stored.days_not_worked == Decimal("331.5") and stored.closed_on == TODAY
        html = stored.letters.get().html
    assert "Dwayne Charles, general secretary" in html and "Basseterre Bottling Company" in html
    assert "120 (18 women, 102 men)" in html and "strike" in html

    # Reopening is the supervisor's; an ongoing action has no outcome.
    reopened = _act(supervisor, pk, "reopen", patched.json()["version"])
    assert reopened.status_code == 200 and reopened.json()["status"] == "ongoing"
    with tenant_context(kn):
        assert IndustrialAction.objects.get(pk=pk).outcome == ""


def test_the_establishment_gives_the_employer_and_its_activity(officer, employer, plant, kn):
    made = _new(officer, workplace=plant.pk)
    assert made.status_code == 201, made.content
    assert made.json()["employer"] == employer.pk and made.json()["isic"] == "5210"
    with tenant_context(kn):
        other = employer_save(values={"name": "Cayon Farms"}, version=None, by=None)
    mismatched = _new(officer, employer=other.pk, workplace=plant.pk)
    assert mismatched.status_code == 400 and "establishment of this employer" in str(
        mismatched.json()["errors"]
    )
    nothing = _new(officer)
    assert nothing.status_code == 400 and "employer" in nothing.json()["errors"]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"workers_women": 0, "workers_men": 0}, "workers_women", "at least one"),
        ({"workers_men": -3}, "workers_men", "greater than or equal to 0"),
        ({"ended_on": str(MONDAY - datetime.timedelta(days=2))}, "ended_on", "before it started"),
        ({"ended_on": str(TODAY + datetime.timedelta(days=2))}, "ended_on", "future"),
        ({"days_not_worked": "-5"}, "days_not_worked", "cannot be negative"),
        ({"cause": "NOPE"}, "cause", "is not a code of Causes of industrial action"),
        ({"isic": "I"}, "isic", "is not a code"),
        ({"action_type": "riot"}, "action_type", "not a valid choice"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(officer, employer, kn, change, field, message):
    with tenant_context(kn):
        before = IndustrialAction.objects.count()
    refused = _new(officer, employer=employer.pk, **change)
    assert refused.status_code == 400, refused.content
    assert message in " ".join(str(m) for m in refused.json()["errors"][field])
    with tenant_context(kn):
        assert IndustrialAction.objects.count() == before


def test_an_action_announced_for_next_week_cannot_begin_yet(officer, supervisor, employer, kn):
    pk = _new(officer, employer=employer.pk, started_on=str(TODAY + datetime.timedelta(days=7))).json()["id"]
    early = _act(officer, pk, "begin", 1)
    assert early.status_code == 400 and "record that it began" in str(early.json()["errors"])
    assert _act(officer, pk, "withdraw", 1).status_code == 403
    assert _act(supervisor, pk, "withdraw", 1).json()["status"] == "withdrawn"
    assert _act(supervisor, pk, "reopen", 2).json()["status"] == "reported"


def test_the_pages_register_and_end_an_action_with_the_suggestion_shown(
    officer, supervisor, employer, plant, kn
):
    form = officer.get("/industrial_actions/new/").content.decode()
    assert 'name="workplace"' in form and 'name="union"' in form and "Sick-out" in form
    page = officer.post(
        "/industrial_actions/new/",
        {
            "action_type": "sick_out",
            "employer": employer.pk,
            "workplace": plant.pk,
            "workers_women": 5,
            "workers_men": 35,
            "started_on": str(MONDAY),
            "ended_on": str(WEDNESDAY),
            "cause": "OSH",
            "opened_on": str(MONDAY),
        },
        follow=True,
    )
    content = page.content.decode()
    assert "is registered" in content, content[:3000]
    assert "suggested: 120.0 = 40 workers × 3 working days" in content
    with tenant_context(kn):
        action = IndustrialAction.objects.get(employer=employer)
        assert action.isic.code == "5210"
    edit = officer.get(f"/industrial_actions/{action.pk}/edit/").content.decode()
    assert "Suggested: 120.0 (40 workers × 3 working days)" in edit
    end_form = supervisor.get(f"/cases/{action.pk}/transition/end/").content.decode()
    assert 'name="case-ended_on"' in end_form and 'name="case-days_not_worked"' in end_form
    done = supervisor.post(
        f"/cases/{action.pk}/transition/end/",
        {
            "case-ended_on": str(WEDNESDAY),
            "case-outcome": "met",
            "case-days_not_worked": "110",
            "action": "end",
            "version": 1,
        },
        follow=True,
    )
    assert "The case is now Ended." in done.content.decode()
    assert action.reference in supervisor.get("/industrial_actions/?section=H").content.decode()
    assert action.reference not in supervisor.get("/industrial_actions/?section=C").content.decode()
    exported = supervisor.get("/industrial_actions/export.xlsx?action_type=sick_out")
    rows = list(load_workbook(io.BytesIO(exported.getvalue())).active.iter_rows(values_only=True))
    assert len(rows) == 2 and action.reference in rows[1] and "Sick-out" in rows[1]
    search = officer.get("/workplaces/search/?q=port").json()
    assert search["results"][0]["code"] == str(plant.pk)

    # Actions, workers and days do not add up: the table has no Total column, on the page or in Excel.
    report = supervisor.get(f"/reports/industrial-actions-by-activity/?period={MONDAY.year}").content.decode()
    assert '<th scope="col">Actions without days not worked recorded</th></tr></thead>' in report
    assert "<td>110.0</td>" in report
    excel = supervisor.get(f"/reports/industrial-actions-by-activity/?period={MONDAY.year}&format=xlsx")
    header = [
        cell.value for cell in next(load_workbook(io.BytesIO(excel.content)).active.iter_rows(min_row=2))
    ]
    assert header[-1] == "Actions without days not worked recorded" and "Total" not in header


def test_without_the_workplaces_and_unions_modules_the_form_asks_for_neither(officer, employer, kn):
    for key in ("workplaces", "unions"):
        _disable_with_dependants(kn, key)
    form = officer.get("/industrial_actions/new/").content.decode()
    assert 'name="workplace"' not in form and 'name="union"' not in form
    assert officer.get("/workplaces/search/?q=port").status_code == 404  # the workplaces module is disabled
    page = officer.post(
        "/industrial_actions/new/",
        {
            "action_type": "strike",
            "employer": employer.pk,
            "workers_women": 0,
            "workers_men": 12,
            "started_on": str(MONDAY),
            "cause": "WAGES",
            "opened_on": str(MONDAY),
        },
        follow=True,
    )
    assert "is registered" in page.content.decode()


def _disable_with_dependants(country, key: str) -> None:
    for dependant in dependants_of(key):
        _disable_with_dependants(country, dependant.manifest.key)
    if key in {config.manifest.key for config in modules_enabled_in(country)}:
        module_disable(country=country, key=key, by=None)


def test_reports_give_actions_workers_by_sex_and_days_not_worked(kn, employer, plant):
    with tenant_context(kn):
        officer = user_in(kn, "officer")
        specs = (
            ("strike", "WAGES", 10, 90, Decimal("200")),
            ("strike", "DISMISSAL", 0, 25, None),
            ("lockout", "AGREEMENT", 4, 16, Decimal("80.5")),
        )
        for kind, cause, women, men, days in specs:
            industrial_action_open(
                values={
                    "action_type": kind,
                    "employer": employer,
                    "workplace": plant if kind == "lockout" else None,
                    "workers_women": women,
                    "workers_men": men,
                    "started_on": MONDAY,
                    "ended_on": WEDNESDAY,
                    "days_not_worked": days,
                    "cause": code_lookup("industrial_action_cause", cause),
                },
                by=officer,
            )
        period = period_parse(str(MONDAY.year))
        by_activity = BY_ACTIVITY.grid(period)
        by_type = BY_TYPE.grid(period)
        by_cause = BY_CAUSE_AND_TYPE.grid(period)
        workflow = WORKFLOW.grid(period)
        counted = IndustrialAction.objects.filter(started_on__year=MONDAY.year).exclude(status="withdrawn")
        expected = counted.aggregate(
            actions=Count("pk"),
            women=Sum("workers_women"),
            men=Sum("workers_men"),
            workers=Sum(F("workers_women") + F("workers_men")),
            days=Sum("days_not_worked"),
            days_missing=Count("pk", filter=Q(days_not_worked__isnull=True)),
        )
        strikes = counted.filter(action_type="strike").aggregate(
            workers=Sum(F("workers_women") + F("workers_men")), days=Sum("days_not_worked")
        )
        open_actions = IndustrialAction.objects.filter(closed_on__isnull=True).count()
    for grid in (by_activity, by_type):
        columns = [value for value, _label in grid.columns]
        assert dict(zip(columns, grid.column_totals, strict=True)) == expected
    type_columns = [value for value, _label in by_type.columns]
    strike_row = dict(
        zip(type_columns, next(c for label, c, _t in by_type.rows if label == "Strike"), strict=True)
    )
    assert strike_row["workers"] == strikes["workers"] and strike_row["days"] == strikes["days"]
    sections = [label for label, _counts, _total in by_activity.rows]
    assert any(label.startswith("C ") for label in sections) and any(
        label.startswith("H ") for label in sections
    )
    assert by_cause.total == expected["actions"]
    assert [label for _value, label in by_type.columns][1] == "Workers involved: women"
    assert workflow.total == open_actions


def test_a_kn_action_is_not_found_at_lc(kn, lc, employer):
    with tenant_context(kn):
        action = industrial_action_open(
            values={
                "action_type": "strike",
                "employer": employer,
                "workers_men": 9,
                "started_on": MONDAY,
                "cause": code_lookup("industrial_action_cause", "OTHER"),
            },
            by=user_in(kn, "officer"),
        )
    lc_officer = sign_in(client_for("lc.localhost"), lc, "officer")
    for url in (
        f"/industrial_actions/{action.pk}/",
        f"/api/v1/industrial_actions/{action.pk}/",
        f"/api/v1/cases/{action.pk}/events/",
    ):
        assert lc_officer.get(url).status_code == 404, url


def test_demo_actions_have_small_island_magnitudes(kn, sr):
    for country in (kn, sr):
        with tenant_context(country):
            employers_demo(country)  # unions and workplaces: loaded by the actions' demo itself
            added = industrial_actions_demo(country)
            assert industrial_actions_demo(country) == 0
            actions = IndustrialAction.objects.all()
            assert added == actions.count() == (4 if country.code == "kn" else 8)
            assert {"reported", "ongoing", "ended"} <= set(actions.values_list("status", flat=True))
            for action in actions:
                assert 1 <= action.workers_total <= 400
                if action.days_not_worked is not None:
                    suggested = action.days_not_worked_suggested
                    assert 0 < action.days_not_worked <= suggested.days
            assert actions.filter(status="reported").get().letters.exists()
            assert (
                actions.filter(union__isnull=False).exists()
                and actions.filter(workplace__isnull=False).exists()
            )
