"""Labour disputes (Form 11): lifecycle through the API and pages, meetings, roles, refusals, letters,
reports and isolation between countries."""

import datetime
import io

import pytest
from django.db.models import Count, Sum
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from modules.casework.models import CaseEvent
from modules.disputes.demo import disputes_demo
from modules.disputes.models import Dispute
from modules.disputes.reports import (
    BY_ACTIVITY_AND_OUTCOME,
    BY_ISSUE_AND_OUTCOME,
    WORKERS_BY_ACTIVITY,
    WORKFLOW,
)
from modules.disputes.services import dispute_open, meeting_save
from modules.employers.demo import employers_demo
from modules.employers.services import employer_save
from modules.reference.selectors import code_lookup
from modules.registry import dependants_of
from modules.reports.periods import period_parse
from modules.unions.demo import unions_demo
from modules.unions.services import union_save
from tenants.services import module_disable, module_enable
from tests.support import client_for, sign_in, user_in

TODAY = datetime.date.today()
DAYS_AGO = [TODAY - datetime.timedelta(days=n) for n in range(40)]


@pytest.fixture
def employer(kn):
    with tenant_context(kn):
        return employer_save(
            values={
                "name": "Frigate Bay Resort",
                "registration_number": "C-9101",
                "isic": code_lookup("isic4", "5510"),
            },
            version=None,
            by=None,
        )


@pytest.fixture
def union(kn):
    with tenant_context(kn):
        return union_save(
            values={"name": "St Kitts Hotel and Allied Workers Union", "acronym": "SKHAWU"},
            version=None,
            by=None,
        )


@pytest.fixture
def officer(kn):
    return sign_in(client_for("kn.localhost"), kn, "officer")


@pytest.fixture
def supervisor(kn):
    return sign_in(client_for("kn.localhost"), kn, "supervisor")


def _new(client, employer_pk, **extra):
    payload = {
        "employer": employer_pk,
        "issues": ["WAGES", "AGREEMENT"],
        "reported_on": str(DAYS_AGO[10]),
        "opened_on": str(DAYS_AGO[9]),
        **extra,
    }
    return client.post("/api/v1/disputes/", payload, content_type="application/json")


def _act(client, pk, action, version, **values):
    return client.post(
        f"/api/v1/cases/{pk}/transitions/",
        {"action": action, "version": version, "values": values},
        content_type="application/json",
    )


def test_a_dispute_goes_through_conciliation_to_settlement_by_the_api(
    officer, supervisor, employer, union, kn
):
    made = _new(officer, employer.pk, union=union.pk, workers_involved=140)
    assert made.status_code == 201, made.content
    dispute = made.json()
    assert dispute["reference"].startswith("DSP-") and dispute["status"] == "reported"
    assert (
        sorted(dispute["issues"]) == ["AGREEMENT", "WAGES"] and dispute["issue_codes"] == "AGREEMENT, WAGES"
    )
    assert dispute["union_name"] == union.name and dispute["outcome"] == ""
    pk = dispute["id"]

    assert _act(officer, pk, "conciliate", 1).json()["status"] == "conciliation"
    meeting = officer.post(
        f"/api/v1/disputes/{pk}/meetings/",
        {
            "held_on": str(DAYS_AGO[5]),
            "place": "Department of Labour, Basseterre",
            "attended_employer": "HR manager",
            "attended_workers": "General secretary, two shop stewards",
            "attended_department": "Labour officer",
            "minutes": "Positions stated.",
            "next_meeting_on": str(DAYS_AGO[1]),
        },
        content_type="application/json",
    )
    assert meeting.status_code == 201, meeting.content
    corrected = officer.patch(
        f"/api/v1/disputes/meetings/{meeting.json()['id']}/",
        {"minutes": "Positions stated; the union asks for reinstatement.", "version": 1},
        content_type="application/json",
    )
    assert corrected.status_code == 200 and corrected.json()["version"] == 2
    detail = officer.get(f"/api/v1/disputes/{pk}/").json()
    # The meeting adjourned to a date: the dispute's next meeting, at the same place.
    assert detail["next_meeting_on"] == str(DAYS_AGO[1])
    assert detail["next_meeting_place"] == "Department of Labour, Basseterre"
    notice = officer.post(
        f"/api/v1/cases/{pk}/letters/",
        {"key": "disputes/meeting_notice", "language": "en"},
        content_type="application/json",
    )
    assert notice.status_code == 201
    # The second meeting, held on the day set: the next meeting has taken place.
    officer.post(
        f"/api/v1/disputes/{pk}/meetings/",
        {"held_on": str(DAYS_AGO[1]), "minutes": "Agreement reached."},
        content_type="application/json",
    )
    version = officer.get(f"/api/v1/disputes/{pk}/").json()["version"]
    assert officer.get(f"/api/v1/disputes/{pk}/").json()["next_meeting_on"] is None

    # Closing is for supervisors, and settling needs the date and the terms.
    assert _act(officer, pk, "settle", version, settled_on=str(TODAY), terms="3%").status_code == 403
    missing = _act(supervisor, pk, "settle", version)
    assert missing.status_code == 400 and set(missing.json()["errors"]) == {"settled_on", "terms"}
    early = _act(supervisor, pk, "settle", version, settled_on=str(DAYS_AGO[20]), terms="3%")
    assert early.status_code == 400 and "before it was reported" in str(early.json()["errors"]["settled_on"])
    settled = _act(
        supervisor, pk, "settle", version, settled_on=str(TODAY), terms="Wages up 3% from next month."
    )
    assert settled.status_code == 200 and settled.json()["status"] == "settled"
    record = supervisor.post(
        f"/api/v1/cases/{pk}/letters/",
        {"key": "disputes/settlement", "language": "en"},
        content_type="application/json",
    )
    assert record.status_code == 201

    events = [e["kind"] for e in officer.get(f"/api/v1/cases/{pk}/events/").json()["results"]]
    assert events.count("meeting") == 2 and events[-1] == "letter"
    with tenant_context(kn):
        done = Dispute.objects.get(pk=pk)
        assert done.outcome == "settled" and done.closed_on == TODAY and done.settled_on == TODAY
        notice_html, record_html = (
            done.letters.get(template_key=key).html
            for key in ("disputes/meeting_notice", "disputes/settlement")
        )
        meetings = CaseEvent.objects.filter(case=done, kind=CaseEvent.Kind.MEETING).count()
    assert meetings == 2
    assert "Frigate Bay Resort" in notice_html and "St Kitts Hotel and Allied Workers Union" in notice_html
    assert "Department of Labour, Basseterre" in notice_html and "conciliation meeting on" in notice_html
    assert "Wages up 3% from next month." in record_html and "Settled" in record_html


def test_referral_takes_the_tribunal_or_arbitration_and_reopening_clears_the_outcome(
    officer, supervisor, employer, union, kn
):
    pk = _new(officer, employer.pk, union=union.pk).json()["id"]
    _act(officer, pk, "conciliate", 1)
    missing = _act(supervisor, pk, "refer", 2)
    assert missing.status_code == 400 and set(missing.json()["errors"]) == {"referral"}
    wrong = _act(supervisor, pk, "refer", 2, referral="settled")
    assert wrong.status_code == 400 and "not a valid choice" in str(wrong.json()["errors"]["referral"])
    referred = _act(supervisor, pk, "refer", 2, referral="arbitration")
    assert referred.status_code == 200 and referred.json()["status"] == "referred"
    assert _act(officer, pk, "reopen", 3).status_code == 403
    reopened = _act(supervisor, pk, "reopen", 3)
    assert reopened.status_code == 200 and reopened.json()["status"] == "conciliation"
    with tenant_context(kn):
        dispute = Dispute.objects.get(pk=pk)
        assert dispute.outcome == dispute.referral == "" and dispute.closed_on is None
        assert dispute.history.filter(outcome="arbitration").exists()  # kept in the history
    withdrawn = _act(supervisor, pk, "withdraw", 4)
    assert withdrawn.status_code == 200
    with tenant_context(kn):
        assert Dispute.objects.get(pk=pk).outcome == "withdrawn"


def test_a_group_of_workers_without_a_union(officer, employer, kn):
    neither = _new(officer, employer.pk)
    assert neither.status_code == 400
    assert {"workers_description", "workers_involved"} <= set(neither.json()["errors"])
    made = _new(officer, employer.pk, workers_description="Kitchen staff", workers_involved=23)
    assert made.status_code == 201, made.content
    assert made.json()["union"] is None


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"issues": []}, "issues", "at least one issue"),
        ({"issues": ["NOPE"]}, "issues", "is not a code of Issues in dispute"),
        ({"reported_on": str(TODAY + datetime.timedelta(days=2))}, "reported_on", "future"),
        ({"reported_on": str(DAYS_AGO[3]), "opened_on": str(DAYS_AGO[5])}, "reported_on", "on or after"),
        ({"next_meeting_on": str(DAYS_AGO[30])}, "next_meeting_on", "before the dispute was reported"),
        ({"workers_involved": -4}, "workers_involved", "greater than or equal to 0"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(officer, employer, union, kn, change, field, message):
    with tenant_context(kn):
        before = Dispute.objects.count()
    refused = _new(officer, employer.pk, union=union.pk, **change)
    assert refused.status_code == 400, refused.content
    assert message in " ".join(str(m) for m in refused.json()["errors"][field])
    with tenant_context(kn):
        assert Dispute.objects.count() == before


def test_meetings_are_held_not_planned_and_not_on_closed_disputes(officer, supervisor, employer, union, kn):
    pk = _new(officer, employer.pk, union=union.pk).json()["id"]
    future = officer.post(
        f"/api/v1/disputes/{pk}/meetings/",
        {"held_on": str(TODAY + datetime.timedelta(days=3))},
        content_type="application/json",
    )
    assert future.status_code == 400 and "once held" in str(future.json()["errors"]["held_on"])
    before = officer.post(
        f"/api/v1/disputes/{pk}/meetings/", {"held_on": str(DAYS_AGO[30])}, content_type="application/json"
    )
    assert before.status_code == 400
    _act(supervisor, pk, "withdraw", 1)
    closed = officer.post(
        f"/api/v1/disputes/{pk}/meetings/", {"held_on": str(TODAY)}, content_type="application/json"
    )
    assert closed.status_code == 400 and "reopen it" in str(closed.json()["errors"])
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    assert statistician.get(f"/api/v1/disputes/{pk}/meetings/").status_code == 200
    refused = statistician.post(
        f"/api/v1/disputes/{pk}/meetings/", {"held_on": str(TODAY)}, content_type="application/json"
    )
    assert refused.status_code == 403


def test_the_pages_register_record_a_meeting_and_settle(officer, supervisor, employer, union, kn):
    form = officer.get("/disputes/new/").content.decode()
    assert 'name="issues"' in form and "Union recognition" in form
    page = officer.post(
        "/disputes/new/",
        {
            "employer": employer.pk,
            "union": union.pk,
            "issues": ["DISMISSAL"],
            "reported_on": str(DAYS_AGO[4]),
            "opened_on": str(DAYS_AGO[4]),
            "next_meeting_on": str(DAYS_AGO[2]),
            "next_meeting_place": "Labour House",
        },
        follow=True,
    )
    assert "is registered" in page.content.decode(), page.content.decode()[:3000]
    with tenant_context(kn):
        dispute = Dispute.objects.get(employer=employer)
        assert list(dispute.issues.values_list("code", flat=True)) == ["DISMISSAL"]
    officer.post(f"/cases/{dispute.pk}/transition/", {"action": "conciliate", "version": 1})
    meeting_form = officer.get(f"/disputes/{dispute.pk}/meetings/new/").content.decode()
    assert 'value="Labour House"' in meeting_form  # the next meeting's place, proposed
    recorded = officer.post(
        f"/disputes/{dispute.pk}/meetings/new/",
        {
            "held_on": str(DAYS_AGO[2]),
            "place": "Labour House",
            "attended_employer": "Owner",
            "attended_workers": "Shop steward",
            "minutes": "Reinstatement discussed.",
        },
        follow=True,
    )
    assert "The meeting is recorded." in recorded.content.decode()
    assert "Reinstatement discussed." in recorded.content.decode()
    assert officer.get(f"/cases/{dispute.pk}/transition/settle/").status_code == 403
    settle_form = supervisor.get(f"/cases/{dispute.pk}/transition/settle/").content.decode()
    assert 'name="case-settled_on"' in settle_form and 'name="case-terms"' in settle_form
    refer_form = supervisor.get(f"/cases/{dispute.pk}/transition/refer/").content.decode()
    assert 'name="case-referral"' in refer_form and "Arbitration" in refer_form
    assert "Partially settled" not in refer_form  # the outcome is the workflow's, not a choice here
    done = supervisor.post(
        f"/cases/{dispute.pk}/transition/settle_partly/",
        {
            "case-settled_on": str(TODAY),
            "case-terms": "Reinstated; back pay left to the tribunal.",
            "action": "settle_partly",
            "version": 3,
        },
        follow=True,
    )
    assert "The case is now Partially settled." in done.content.decode()
    assert dispute.reference in supervisor.get("/disputes/?outcome=partly").content.decode()
    assert dispute.reference not in supervisor.get("/disputes/?issue=WAGES").content.decode()
    assert dispute.reference in supervisor.get("/disputes/?issue=DISMISSAL").content.decode()
    exported = load_workbook(io.BytesIO(supervisor.get("/disputes/export.xlsx?outcome=partly").getvalue()))
    rows = list(exported.active.iter_rows(values_only=True))
    assert (
        dispute.reference in rows[1] and "DISMISSAL" in rows[1] and union.name in " ".join(map(str, rows[1]))
    )
    assert officer.get("/disputes/export.xlsx").status_code == 403


def test_editing_a_closed_dispute_names_a_field_the_form_does_not_show(
    officer, supervisor, employer, union, kn
):
    pk = _new(officer, employer.pk, union=union.pk).json()["id"]
    _act(officer, pk, "conciliate", 1)
    _act(supervisor, pk, "settle", 2, settled_on=str(DAYS_AGO[5]), terms="Agreed.")
    page = supervisor.post(
        f"/disputes/{pk}/edit/",
        {
            "employer": employer.pk,
            "union": union.pk,
            "issues": ["WAGES"],
            "reported_on": str(DAYS_AGO[2]),
            "opened_on": str(DAYS_AGO[2]),
            "version": 3,
        },
    )
    assert page.status_code == 200
    assert "settled on: A dispute cannot be settled before it was reported." in page.content.decode()


def test_report_counts_equal_the_records(kn, employer, union):
    with tenant_context(kn):
        officer = user_in(kn, "officer")
        for issues, workers in ((("WAGES",), 40), (("WAGES", "OSH"), 12), (("DISMISSAL",), 1)):
            dispute_open(
                values={
                    "employer": employer,
                    "union": union,
                    "issues": [code_lookup("dispute_issue", code) for code in issues],
                    "workers_involved": workers,
                },
                by=officer,
            )
        dispute_open(
            values={
                "employer": employer,
                "workers_description": "Gardeners",
                "workers_involved": 7,
                "issues": [code_lookup("dispute_issue", "CONDITIONS")],
            },
            by=officer,
        )
        period = period_parse(str(TODAY.year))
        in_period = Dispute.objects.filter(reported_on__year=TODAY.year)
        by_issue = BY_ISSUE_AND_OUTCOME.grid(period)
        by_activity = BY_ACTIVITY_AND_OUTCOME.grid(period)
        workers = WORKERS_BY_ACTIVITY.grid(period)
        workflow = WORKFLOW.grid(period)
        expected_pairs = in_period.aggregate(n=Count("issues"))["n"]
        expected_workers = in_period.aggregate(n=Sum("workers_involved"))["n"]
        expected_count = in_period.count()
        expected_union = in_period.filter(union__isnull=False).count()
        open_disputes = Dispute.objects.filter(closed_on__isnull=True).count()
    # Every (dispute, issue) pair once; every dispute once by activity.
    assert by_issue.total == expected_pairs
    wages = next(counts for label, counts, _total in by_issue.rows if label == "Wages and salaries")
    assert sum(wages) >= 2
    assert by_activity.total == expected_count
    assert "I Accommodation and food service activities" in [label for label, _c, _t in by_activity.rows]
    assert [label for _value, label in by_activity.columns][-1] == "not concluded"
    columns = [value for value, _label in workers.columns]
    totals = dict(zip(columns, workers.column_totals, strict=True))
    assert totals["disputes"] == expected_count and totals["workers"] == expected_workers
    assert totals["with_union"] == expected_union
    assert workflow.total == open_disputes


def test_demo_disputes_load_once_at_every_stage(kn):
    with tenant_context(kn):
        employers_demo(kn)
        unions_demo(kn)
        added = disputes_demo(kn)
        assert added == 12
        assert disputes_demo(kn) == 0
        statuses = set(Dispute.objects.values_list("status", flat=True))
        assert statuses == {"reported", "conciliation", "settled", "partly", "referred", "withdrawn"}
        assert Dispute.objects.filter(union__isnull=True).exclude(workers_description="").count() == 4
        for dispute in Dispute.objects.exclude(status="reported").exclude(status="withdrawn"):
            assert dispute.meetings.exists()


def test_a_kn_dispute_is_not_found_at_lc_and_a_disabled_module_answers_404(kn, lc, employer, union):
    with tenant_context(kn):
        dispute = dispute_open(
            values={"employer": employer, "union": union, "issues": [code_lookup("dispute_issue", "OTHER")]},
            by=user_in(kn, "officer"),
        )
        meeting_save(dispute=dispute, values={"held_on": TODAY}, version=None, by=user_in(kn, "officer"))
    lc_officer = sign_in(client_for("lc.localhost"), lc, "officer")
    for url in (
        f"/disputes/{dispute.pk}/",
        f"/api/v1/disputes/{dispute.pk}/",
        f"/api/v1/disputes/{dispute.pk}/meetings/",
        f"/api/v1/cases/{dispute.pk}/events/",
    ):
        assert lc_officer.get(url).status_code == 404, url
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert officer.get(f"/disputes/{dispute.pk}/").status_code == 200
    assert "disputes" in [config.manifest.key for config in dependants_of("unions")]
    module_disable(country=kn, key="disputes", by=None)
    for url in (
        "/disputes/",
        f"/disputes/{dispute.pk}/",
        "/api/v1/disputes/",
        f"/api/v1/cases/{dispute.pk}/events/",
    ):
        assert officer.get(url).status_code == 404, url
    module_enable(country=kn, key="disputes", by=None)
    assert officer.get("/disputes/").status_code == 200
