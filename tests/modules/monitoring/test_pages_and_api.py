"""Department activities through the pages and the API: record, confirm, reopen, list, export, roles."""

import datetime
import io

import pytest
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from modules.monitoring.models import Activity
from modules.monitoring.services import activity_confirm
from tenants.services import module_disable, module_enable
from tests.modules.monitoring.helpers import LAST_YEAR, TODAY, record
from tests.support import client_for, sign_in, user_in

FORM = {
    "activity_type": "TRAINING",
    "title": "Training for employers on occupational safety",
    "part": "organised",
    "held_on": f"{LAST_YEAR}-06-12",
    "district": "KN-10",
    "place": "Charlestown",
    "partner": "Nevis Chamber of Commerce",
    "sessions": "3",
    "participants_women": "14",
    "participants_men": "9",
    "staff_involved": "2",
}


def test_an_officer_records_through_the_form_and_a_supervisor_confirms(officer, supervisor, kn):
    page = officer.post("/monitoring/new/", FORM, follow=True).content.decode()
    assert "is recorded. A supervisor confirms it before it counts in reports." in page
    assert "Recorded, awaiting confirmation" in page and "Saint Paul Charlestown" in page
    assert ">23<" in page  # participants in total
    assert 'action="/monitoring/' not in page  # no confirm form for an officer
    with tenant_context(kn):
        activity = Activity.objects.get(title=FORM["title"])
        assert activity.month == datetime.date(LAST_YEAR, 6, 1) and activity.recorded_by == "kn:officer"
    assert officer.post(f"/monitoring/{activity.pk}/confirm/", {"version": 1}).status_code == 403

    detail = supervisor.get(f"/monitoring/{activity.pk}/").content.decode()
    assert f'action="/monitoring/{activity.pk}/confirm/"' in detail
    confirmed = supervisor.post(f"/monitoring/{activity.pk}/confirm/", {"version": 1}, follow=True)
    page = confirmed.content.decode()
    assert "is confirmed: it counts in the reports." in page and "kn:supervisor" in page
    assert f'action="/monitoring/{activity.pk}/reopen/"' in page

    # Confirmed: the officer may no longer change it, and is not offered to.
    assert officer.get(f"/monitoring/{activity.pk}/edit/").status_code == 403
    assert (
        f'href="/monitoring/{activity.pk}/edit/"'
        not in officer.get(f"/monitoring/{activity.pk}/").content.decode()
    )
    refused = officer.post(f"/monitoring/{activity.pk}/edit/", {**FORM, "sessions": "9", "version": 2})
    assert refused.status_code == 403
    assert supervisor.get(f"/monitoring/{activity.pk}/edit/").status_code == 200

    no_reason = supervisor.post(f"/monitoring/{activity.pk}/reopen/", {"version": 2}, follow=True)
    assert "Say why the activity is reopened" in no_reason.content.decode()
    reopened = supervisor.post(
        f"/monitoring/{activity.pk}/reopen/", {"version": 2, "reason": "Participants miscounted"}, follow=True
    ).content.decode()
    assert "is reopened" in reopened and "Participants miscounted" in reopened
    edited = officer.post(
        f"/monitoring/{activity.pk}/edit/", {**FORM, "participants_men": "10", "version": 3}
    )
    assert edited.status_code == 302
    with tenant_context(kn):
        activity.refresh_from_db()
        assert activity.status == "recorded" and activity.participants_men == 10 and activity.version == 4


def test_a_stale_confirmation_from_the_page_is_refused_with_a_message(officer, supervisor, kn, draft):
    officer.post(
        f"/monitoring/{draft.pk}/edit/",
        {**FORM, "title": draft.title, "activity_type": "OUTREACH", "sessions": "4", "version": 1},
    )
    stale = supervisor.post(f"/monitoring/{draft.pk}/confirm/", {"version": 1}, follow=True).content.decode()
    assert "Someone else saved this record after you opened it" in stale
    with tenant_context(kn):
        draft.refresh_from_db()
        assert draft.status == "recorded" and draft.sessions == 4


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"participants_women": "-4"}, "A count cannot be negative."),
        ({"staff_involved": "-1"}, "A count cannot be negative."),
        ({"sessions": "0"}, "An activity has at least one session."),
        ({"held_on": str(TODAY + datetime.timedelta(days=2))}, "The date cannot be in the future"),
        ({"activity_type": "PARADE"}, "Select a valid choice."),
        ({"held_on": "", "month": ""}, "or its month if it ran over several days"),
        ({"district": "KN-99"}, "KN-99 is not a code of"),
    ],
)
def test_the_form_refuses_bad_input_and_saves_nothing(officer, kn, change, message):
    with tenant_context(kn):
        before = Activity.objects.count()
    response = officer.post("/monitoring/new/", {**FORM, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    with tenant_context(kn):
        assert Activity.objects.count() == before


def test_a_month_only_activity_through_the_form(officer, kn):
    form = {**FORM, "activity_type": "MEDIA", "title": "Radio spots on minimum wage"}
    form.update(held_on="", month=f"{LAST_YEAR}-09")
    response = officer.post("/monitoring/new/", form, follow=True)
    assert "is recorded" in response.content.decode()
    with tenant_context(kn):
        activity = Activity.objects.get(title="Radio spots on minimum wage")
    assert activity.held_on is None and activity.month == datetime.date(LAST_YEAR, 9, 1)
    edit = officer.get(f"/monitoring/{activity.pk}/edit/").content.decode()
    assert f'value="{LAST_YEAR}-09"' in edit and 'type="month"' in edit


@pytest.fixture
def several(kn):
    supervisor = user_in(kn, "supervisor")
    made = [
        record(kn, title="Visit Basseterre port", type="VISIT", district="KN-03", participants_women=1),
        record(
            kn,
            title="Know your rights, Charlestown",
            type="OUTREACH",
            district="KN-10",
            held_on=datetime.date(LAST_YEAR, 8, 2),
            participants_women=40,
            participants_men=35,
        ),
        record(
            kn,
            title="Call-in radio show",
            type="MEDIA",
            held_on=None,
            month=datetime.date(LAST_YEAR - 1, 11, 1),
        ),
    ]
    with tenant_context(kn):
        activity_confirm(activity=made[1], version=1, by=supervisor)
    return made


def test_the_list_searches_filters_and_sorts(supervisor, several):
    assert "Charlestown" in supervisor.get("/monitoring/?q=charlestown").content.decode()
    assert "Visit Basseterre" not in supervisor.get("/monitoring/?q=charlestown").content.decode()
    this_year = supervisor.get(f"/monitoring/?period={LAST_YEAR}").content.decode()
    assert "Visit Basseterre port" in this_year and "Call-in radio show" not in this_year
    quarter = supervisor.get(f"/monitoring/?period={LAST_YEAR}-Q3").content.decode()
    assert "Know your rights" in quarter and "Visit Basseterre" not in quarter
    media = supervisor.get("/monitoring/?activity_type=MEDIA").content.decode()
    assert "Call-in radio show" in media and "Visit Basseterre" not in media
    awaiting = supervisor.get("/monitoring/?status=recorded").content.decode()
    assert "Visit Basseterre port" in awaiting and "Know your rights" not in awaiting
    district = supervisor.get("/monitoring/?district=KN-03").content.decode()
    assert "Visit Basseterre port" in district and "Call-in" not in district
    biggest = supervisor.get("/monitoring/?sort=-participants_total").content.decode()
    assert biggest.index("Know your rights") < biggest.index("Call-in radio show")
    assert 'aria-sort="descending"' in biggest
    oldest = supervisor.get("/monitoring/?sort=month").content.decode()
    assert (
        oldest.index("Call-in radio show") < oldest.index("Visit Basseterre port") < oldest.index("Know your")
    )
    assert "Nothing matches this search" in supervisor.get("/monitoring/?q=zzzz").content.decode()


def test_the_filtered_list_downloads_as_excel(kn, several):
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    response = statistician.get(f"/monitoring/export.xlsx?period={LAST_YEAR}&sort=month")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="department-activities.xlsx"')
    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    )
    header = rows[0]
    assert header[:4] == ("Subject", "Type of activity", "Month", "Date")
    total, status = header.index("Participants in total"), header.index("Status")
    assert [(row[0], row[2], row[total], row[status]) for row in rows[1:]] == [
        ("Visit Basseterre port", f"{LAST_YEAR}-03", 4, "Recorded, awaiting confirmation"),
        ("Know your rights, Charlestown", f"{LAST_YEAR}-08", 75, "Confirmed"),
    ]
    assert rows[1][3] == datetime.datetime(LAST_YEAR, 3, 14)


def test_roles_decide_who_may_do_what(kn, several):
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    assert statistician.get("/monitoring/").status_code == 200
    assert statistician.get(f"/monitoring/{several[0].pk}/").status_code == 200
    assert statistician.get("/monitoring/new/").status_code == 403
    assert statistician.post(f"/monitoring/{several[0].pk}/confirm/", {"version": 1}).status_code == 403
    assert (
        statistician.post("/api/v1/monitoring/", {"title": "X"}, content_type="application/json").status_code
        == 403
    )
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert officer.get("/monitoring/export.xlsx").status_code == 403
    assert "Download as Excel" not in officer.get("/monitoring/").content.decode()
    submitter = sign_in(client_for("kn.localhost"), kn, "agency_submitter")
    assert submitter.get("/monitoring/").status_code == 403
    assert submitter.get("/api/v1/monitoring/").status_code == 403
    assert submitter.post(f"/api/v1/monitoring/{several[0].pk}/confirm/", {"version": 1}).status_code == 403


def test_a_draft_is_deleted_after_asking(officer, kn, several):
    draft = several[0]
    question = officer.get(f"/monitoring/{draft.pk}/delete/")
    assert "Delete Visit Basseterre port?" in question.content.decode()
    done = officer.post(f"/monitoring/{draft.pk}/delete/", follow=True).content.decode()
    assert "is deleted" in done
    confirmed = several[1]
    officer.post(f"/monitoring/{confirmed.pk}/delete/", follow=True)
    with tenant_context(kn):
        assert not Activity.objects.filter(pk=draft.pk).exists()
        assert Activity.objects.filter(pk=confirmed.pk).exists()


def _payload(**change) -> dict:
    return {
        "activity_type": "MEETING",
        "title": "Tripartite consultation",
        "held_on": f"{LAST_YEAR}-04-20",
        "district": "KN-03",
        "sessions": 1,
        "participants_women": 6,
        "participants_men": 7,
        "staff_involved": 3,
        **change,
    }


def test_the_api_records_confirms_reopens_and_deletes(officer, supervisor, kn):
    made = officer.post("/api/v1/monitoring/", _payload(), content_type="application/json")
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["status"] == "recorded" and body["month"] == f"{LAST_YEAR}-04"
    assert body["activity_type_title"] == "Meeting" and body["participants_total"] == 13
    assert body["recorded_by"] == "kn:officer" and body["version"] == 1
    pk = body["id"]

    # Status fields are not for editing: an edit cannot confirm.
    patched = officer.patch(
        f"/api/v1/monitoring/{pk}/",
        {"status": "confirmed", "sessions": 2, "version": 1},
        content_type="application/json",
    )
    assert patched.status_code == 200 and patched.json()["status"] == "recorded"
    assert patched.json()["sessions"] == 2 and patched.json()["version"] == 2
    stale = officer.patch(
        f"/api/v1/monitoring/{pk}/", {"sessions": 5, "version": 1}, content_type="application/json"
    )
    assert stale.status_code == 409 and stale.json()["code"] == "stale"

    forbidden = officer.post(
        f"/api/v1/monitoring/{pk}/confirm/", {"version": 2}, content_type="application/json"
    )
    assert forbidden.status_code == 403
    confirmed = supervisor.post(
        f"/api/v1/monitoring/{pk}/confirm/", {"version": 2}, content_type="application/json"
    )
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["status"] == "confirmed" and confirmed.json()["confirmed_by"] == "kn:supervisor"
    again = supervisor.post(
        f"/api/v1/monitoring/{pk}/confirm/", {"version": 3}, content_type="application/json"
    )
    assert again.status_code == 400 and "already confirmed" in str(again.json()["errors"])

    locked = officer.patch(
        f"/api/v1/monitoring/{pk}/", {"sessions": 9, "version": 3}, content_type="application/json"
    )
    assert locked.status_code == 403
    assert officer.delete(f"/api/v1/monitoring/{pk}/").status_code == 400  # confirmed: reopen first

    no_reason = supervisor.post(
        f"/api/v1/monitoring/{pk}/reopen/", {"version": 3}, content_type="application/json"
    )
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    reopened = supervisor.post(
        f"/api/v1/monitoring/{pk}/reopen/",
        {"version": 3, "reason": "Duplicate"},
        content_type="application/json",
    )
    assert reopened.status_code == 200 and reopened.json()["status"] == "recorded"
    assert reopened.json()["reopen_reason"] == "Duplicate"
    assert officer.delete(f"/api/v1/monitoring/{pk}/").status_code == 204
    with tenant_context(kn):
        assert not Activity.objects.filter(pk=pk).exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"participants_women": -3}, "participants_women", "A count cannot be negative."),
        ({"participants_men": -1}, "participants_men", "A count cannot be negative."),
        ({"staff_involved": -1}, "staff_involved", "A count cannot be negative."),
        ({"sessions": 0}, "sessions", "at least one session"),
        ({"held_on": str(TODAY + datetime.timedelta(days=1))}, "held_on", "cannot be in the future"),
        ({"held_on": None, "month": f"{TODAY.year + 1}-01"}, "month", "cannot be in the future"),
        (
            {"activity_type": "PARADE"},
            "activity_type",
            "PARADE is not a code of Types of department activity",
        ),
        ({"district": "LC-02"}, "district", "LC-02 is not a code of"),
        ({"held_on": None}, "held_on", "or its month"),
        ({"month": f"{LAST_YEAR}-09"}, "month", "the month of the date"),
    ],
)
def test_the_api_refuses_bad_input_and_saves_nothing(officer, kn, change, field, message):
    with tenant_context(kn):
        before = Activity.objects.count()
    refused = officer.post("/api/v1/monitoring/", _payload(**change), content_type="application/json")
    assert refused.status_code == 400, refused.content
    assert message in " ".join(refused.json()["errors"][field])
    with tenant_context(kn):
        assert Activity.objects.count() == before


def test_the_api_lists_with_filters(officer, several):
    listing = officer.get(f"/api/v1/monitoring/?period={LAST_YEAR}&ordering=-total_participants").json()
    assert [item["title"] for item in listing["results"]] == [
        "Know your rights, Charlestown",
        "Visit Basseterre port",
    ]
    assert officer.get("/api/v1/monitoring/?status=confirmed").json()["count"] == 1
    assert officer.get("/api/v1/monitoring/?period=last-year").status_code == 400


def test_the_api_is_in_the_openapi_schema(kn_client):
    paths = kn_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/monitoring/"])
    assert {"get", "put", "patch", "delete"} <= set(paths["/api/v1/monitoring/{id}/"])
    assert (
        "post" in paths["/api/v1/monitoring/{id}/confirm/"]
        and "post" in paths["/api/v1/monitoring/{id}/reopen/"]
    )


def test_a_kn_activity_is_not_found_at_lc(kn, lc, several):
    lc_supervisor = sign_in(client_for("lc.localhost"), lc, "supervisor")
    pk = several[0].pk
    for url in (f"/monitoring/{pk}/", f"/monitoring/{pk}/edit/", f"/api/v1/monitoring/{pk}/"):
        assert lc_supervisor.get(url).status_code == 404, url
    assert lc_supervisor.post(f"/monitoring/{pk}/confirm/", {"version": 1}).status_code == 404
    api = lc_supervisor.post(
        f"/api/v1/monitoring/{pk}/confirm/", {"version": 1}, content_type="application/json"
    )
    assert api.status_code == 404
    assert "Visit Basseterre port" not in lc_supervisor.get("/monitoring/").content.decode()
    with tenant_context(kn):
        assert Activity.objects.get(pk=pk).status == "recorded"


def test_a_disabled_module_has_no_menu_pages_or_api(kn, several):
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert 'href="/monitoring/"' in officer.get("/").content.decode()
    module_disable(country=kn, key="monitoring", by=None)
    assert 'href="/monitoring/"' not in officer.get("/").content.decode()
    for path in ("/monitoring/", "/monitoring/new/", f"/monitoring/{several[0].pk}/", "/api/v1/monitoring/"):
        assert officer.get(path).status_code == 404, path
    module_enable(country=kn, key="monitoring", by=None)
    assert officer.get("/monitoring/").status_code == 200
