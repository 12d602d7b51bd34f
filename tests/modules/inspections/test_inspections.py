"""Labour inspections (Form 14): lifecycle through the API and pages, roles, refusals, reports (C81 among
them), letters, follow-up visits, the optional complaint link, isolation and demo data."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db.models import Count, Sum
from django.utils.module_loading import import_string
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from modules.casework.models import Case, CaseEvent
from modules.casework.services import case_assign, case_transition
from modules.complaints.services import complaint_open
from modules.employers.services import employer_save
from modules.inspections.demo import inspections_demo
from modules.inspections.models import ChecklistItem, Inspection, Notice, Penalty, Violation
from modules.inspections.reports import (
    C81_ANNUAL_REPORT,
    CHECKLIST_FINDINGS,
    VIOLATIONS_BY_AREA,
    VISITS_BY_ACTIVITY_AND_KIND,
    WORKFLOW,
)
from modules.inspections.services import (
    checklist_record,
    inspection_follow_up,
    inspection_open,
    notice_save,
    penalty_save,
    violation_save,
)
from modules.reference.selectors import code_lookup
from modules.registry import module_by_key
from modules.reports.periods import period_parse
from modules.workplaces.models import Workplace
from modules.workplaces.services import workplace_save
from tenants.models import ModuleEnablement
from tests.support import client_for, sign_in, user_in

TODAY = datetime.date.today()
YESTERDAY = TODAY - datetime.timedelta(days=1)
JSON = "application/json"


@pytest.fixture
def workplace(kn) -> Workplace:
    with tenant_context(kn):
        employer = employer_save(
            values={
                "name": "Frigate Bay Resort",
                "registration_number": "C-8101",
                "isic": code_lookup("isic4", "5510"),
            },
            version=None,
            by=None,
        )
        return workplace_save(
            employer=employer,
            values={"name": "Main hotel", "city": "Frigate Bay", "workers_women": 40, "workers_men": 30},
            version=None,
            by=None,
        )


@pytest.fixture
def officer(kn):
    return sign_in(client_for("kn.localhost"), kn, "officer")


@pytest.fixture
def supervisor(kn):
    return sign_in(client_for("kn.localhost"), kn, "supervisor")


def _plan(client, workplace_pk, **extra):
    payload = {"kind": "planned", "workplace": workplace_pk, "opened_on": str(YESTERDAY), **extra}
    return client.post("/api/v1/inspections/", payload, content_type=JSON)


def _move(client, pk, action, version, **values):
    payload = {"action": action, "version": version, "values": values}
    return client.post(f"/api/v1/cases/{pk}/transitions/", payload, content_type=JSON)


def _visited(kn, workplace, **values) -> Inspection:
    """An inspection opened yesterday and visited today, through the services."""
    with tenant_context(kn):
        officer = user_in(kn, "officer")
        inspection = inspection_open(
            values={"kind": "planned", "workplace": workplace, "opened_on": YESTERDAY, **values}, by=officer
        )
        return case_transition(
            case=inspection,
            action="visit",
            by=officer,
            values={"visited_on": TODAY, "workers_women": 4, "workers_men": 6},
        )


def test_an_inspection_goes_through_its_life_by_the_api(officer, supervisor, workplace, kn):
    made = _plan(officer, workplace.pk, inspectors=["supervisor"])
    assert made.status_code == 201, made.content
    inspection = made.json()
    assert inspection["reference"].startswith("INS-") and inspection["status"] == "planned"
    assert inspection["employer_name"] == "Frigate Bay Resort" and inspection["isic"] == "5510"
    assert inspection["inspectors"] == ["supervisor"]
    pk = inspection["id"]
    checklist = officer.get(f"/api/v1/inspections/{pk}/checklist/").json()
    assert len(checklist) == 9 and {item["finding"] for item in checklist} == {"not_checked"}

    assigned = supervisor.post(f"/api/v1/cases/{pk}/assign/", {"officer": "officer"}, content_type=JSON)
    assert assigned.status_code == 200
    visited = _move(officer, pk, "visit", 2, visited_on=str(TODAY), workers_women=0, workers_men=7)
    assert visited.status_code == 200, visited.content
    assert visited.json()["status"] == "visited"

    wages = next(item for item in checklist if item["area"] == "WAGES")
    checked = officer.post(
        f"/api/v1/inspections/{pk}/checklist/",
        {"area": "WAGES", "finding": "not_compliant", "note": "Overtime unpaid", "version": wages["version"]},
        content_type=JSON,
    )
    assert checked.status_code == 201, checked.content
    assert checked.json()["finding"] == "not_compliant" and checked.json()["version"] == 2
    violation = officer.post(
        f"/api/v1/inspections/{pk}/violations/",
        {"area": "WAGES", "provision": "Protection of Wages Act s. 4", "description": "Overtime unpaid."},
        content_type=JSON,
    )
    assert violation.status_code == 201, violation.content
    notice = officer.post(
        f"/api/v1/inspections/{pk}/notices/",
        {
            "kind": "improvement",
            "requirement": "Pay the overtime owed.",
            "deadline": str(TODAY + datetime.timedelta(days=30)),
        },
        content_type=JSON,
    )
    assert notice.status_code == 201, notice.content
    issued = _move(officer, pk, "issue_notices", 3)
    assert issued.status_code == 200 and issued.json()["status"] == "notices"
    penalty = officer.post(
        f"/api/v1/inspections/{pk}/penalties/",
        {"amount": "500.00", "imposed_on": str(TODAY)},
        content_type=JSON,
    )
    assert penalty.status_code == 201, penalty.content
    complied = officer.patch(
        f"/api/v1/inspections/notices/{notice.json()['id']}/",
        {"complied_on": str(TODAY), "version": 1},
        content_type=JSON,
    )
    assert complied.status_code == 200, complied.content

    # An officer cannot close; a supervisor can.
    assert _move(officer, pk, "close", 4).status_code == 403
    closed = _move(supervisor, pk, "close", 4)
    assert closed.status_code == 200 and closed.json()["status"] == "closed"

    for key in ("inspections/report", "inspections/notice"):
        letter = officer.post(f"/api/v1/cases/{pk}/letters/", {"key": key}, content_type=JSON)
        assert letter.status_code == 201, letter.content
    events = [e["kind"] for e in officer.get(f"/api/v1/cases/{pk}/events/").json()["results"]]
    assert events == [
        "opened",
        "edited",  # the inspectors
        "assigned",
        "status",
        "note",  # the checklist
        "note",  # the violation
        "note",  # the notice
        "status",
        "note",  # the penalty
        "status",
        "letter",
        "letter",
    ]
    with tenant_context(kn):
        done = Inspection.objects.get(pk=pk)
        assert done.closed_on == TODAY and done.workers_present == 7
        assert done.checklist.get(area__code="WAGES").note == "Overtime unpaid"
        report = done.letters.get(template_key="inspections/report").html
        notice_letter = done.letters.get(template_key="inspections/notice").html
        letter_pk = done.letters.get(template_key="inspections/notice").pk
    assert (
        "Frigate Bay Resort" in report
        and "Protection of Wages Act s. 4" in report
        and "0 women, 7 men" in report
    )
    assert "Improvement notice" in notice_letter and "Pay the overtime owed." in notice_letter
    pdf = officer.get(f"/cases/{pk}/letters/{letter_pk}/?format=pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"


def test_a_follow_up_visit_is_planned_from_a_visited_inspection(officer, workplace, kn):
    planned = _plan(officer, workplace.pk).json()
    refused = officer.post(f"/api/v1/inspections/{planned['id']}/follow-up/", {}, content_type=JSON)
    assert refused.status_code == 400 and "once the workplace has been visited" in str(refused.json())

    inspection = _visited(kn, workplace)
    made = officer.post(
        f"/api/v1/inspections/{inspection.pk}/follow-up/",
        {"due_on": str(TODAY + datetime.timedelta(days=30))},
        content_type=JSON,
    )
    assert made.status_code == 201, made.content
    follow_up = made.json()
    assert follow_up["kind"] == "follow_up" and follow_up["previous"] == inspection.reference
    assert follow_up["workplace"] == workplace.pk and follow_up["status"] == "planned"
    page = officer.get(f"/inspections/{inspection.pk}/").content.decode()
    assert follow_up["reference"] in page
    with tenant_context(kn):
        texts = list(inspection.events.values_list("text", flat=True))
    assert f"Follow-up visit {follow_up['reference']} planned." in texts


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"kind": "follow_up"}, "previous", "follows an earlier inspection"),
        ({"workplace": 999999}, "workplace", "does not exist"),
        ({"opened_on": str(TODAY + datetime.timedelta(days=2))}, "opened_on", "future"),
        ({"due_on": str(YESTERDAY - datetime.timedelta(days=10))}, "due_on", "before the case was opened"),
        ({"inspectors": ["statistician"]}, "inspectors", "may not work inspections"),
        ({"inspectors": ["nobody"]}, "inspectors", "does not exist"),
        ({"workers_women": -1}, "workers_women", "greater than or equal to 0"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(officer, workplace, kn, change, field, message):
    with tenant_context(kn):
        before = (Inspection.objects.count(), ChecklistItem.objects.count())
    refused = _plan(officer, workplace.pk, **change)
    assert refused.status_code == 400, refused.content
    assert message in " ".join(refused.json()["errors"][field])
    with tenant_context(kn):
        assert (Inspection.objects.count(), ChecklistItem.objects.count()) == before


def test_an_inspection_of_a_workplace_not_in_operation_is_refused(officer, workplace, kn):
    with tenant_context(kn):
        workplace_save(
            employer=workplace.employer, workplace=workplace, values={"active": False}, version=1, by=None
        )
    refused = _plan(officer, workplace.pk)
    assert refused.status_code == 400 and "not in operation" in str(refused.json()["errors"]["workplace"])


@pytest.mark.parametrize(
    ("values", "fields", "message"),
    [
        ({"visited_on": str(TODAY + datetime.timedelta(days=1))}, {"visited_on"}, "future"),
        (
            {"visited_on": str(YESTERDAY - datetime.timedelta(days=1))},
            {"visited_on"},
            "before the inspection",
        ),
        ({}, {"visited_on"}, "Needed to Record the visit"),
        ({"visited_on": str(TODAY)}, {"workers_women", "workers_men"}, "Needed once the workplace"),
        ({"visited_on": str(TODAY), "workers_women": -2, "workers_men": 1}, {"workers_women"}, "greater"),
    ],
)
def test_a_visit_without_its_date_and_workers_present_is_refused(
    officer, workplace, kn, values, fields, message
):
    pk = _plan(officer, workplace.pk).json()["id"]
    refused = _move(officer, pk, "visit", 1, **values)
    assert refused.status_code == 400, refused.content
    errors = refused.json()["errors"]
    assert fields <= set(errors) and all(message in " ".join(errors[field]) for field in fields)
    with tenant_context(kn):
        unchanged = Inspection.objects.get(pk=pk)
        assert (unchanged.status, unchanged.version, unchanged.visited_on) == ("planned", 1, None)


def test_closing_requires_the_visit_and_the_workers_present(supervisor, officer, workplace, kn):
    pk = _plan(officer, workplace.pk).json()["id"]
    too_early = _move(supervisor, pk, "close", 1)
    assert too_early.status_code == 400 and "Possible now: Record the visit, Cancel" in str(too_early.json())
    inspection = _visited(kn, workplace)
    no_workers = _move(supervisor, inspection.pk, "close", inspection.version, workers_men=None)
    assert no_workers.status_code == 400 and set(no_workers.json()["errors"]) == {"workers_men"}
    no_date = _move(supervisor, inspection.pk, "close", inspection.version, visited_on=None)
    assert no_date.status_code == 400 and set(no_date.json()["errors"]) == {"visited_on"}
    no_notice = _move(officer, inspection.pk, "issue_notices", inspection.version)
    assert no_notice.status_code == 400 and "Record the notices" in str(no_notice.json())
    with tenant_context(kn):
        assert Inspection.objects.get(pk=inspection.pk).status == "visited"
    assert _move(supervisor, inspection.pk, "close", inspection.version).status_code == 200


@pytest.mark.parametrize(
    ("path", "payload", "field", "message"),
    [
        (
            "notices",
            {"kind": "warning", "requirement": "x", "deadline": str(TODAY)},
            "deadline",
            "after the visit",
        ),
        (
            "notices",
            {"kind": "nope", "requirement": "x", "deadline": str(TODAY + datetime.timedelta(days=3))},
            "kind",
            "not a valid choice",
        ),
        ("penalties", {"amount": "-1", "imposed_on": str(TODAY)}, "amount", "cannot be negative"),
        (
            "penalties",
            {"amount": "10", "imposed_on": str(TODAY), "paid_on": str(YESTERDAY)},
            "paid_on",
            "before it was imposed",
        ),
        ("penalties", {"amount": "10", "imposed_on": str(YESTERDAY)}, "imposed_on", "before the visit"),
        ("violations", {"area": "NOPE", "provision": "s. 1"}, "area", "is not a code of"),
        ("violations", {"area": "5510", "provision": "s. 1"}, "area", "is not a code of"),
        ("checklist", {"area": "WAGES", "finding": "not_compliant"}, "version", "Send the version"),
        ("checklist", {"area": "WAGES", "finding": "maybe", "version": 1}, "finding", "not a valid choice"),
    ],
)
def test_bad_records_of_an_inspection_are_refused_and_nothing_is_saved(
    officer, workplace, kn, path, payload, field, message
):
    inspection = _visited(kn, workplace)
    with tenant_context(kn):
        before = [model.objects.count() for model in (Violation, Notice, Penalty)] + [
            inspection.checklist.filter(finding="not_checked").count(),
            inspection.events.count(),
        ]
    refused = officer.post(f"/api/v1/inspections/{inspection.pk}/{path}/", payload, content_type=JSON)
    assert refused.status_code == 400, refused.content
    assert message in " ".join(refused.json()["errors"][field])
    with tenant_context(kn):
        after = [model.objects.count() for model in (Violation, Notice, Penalty)] + [
            inspection.checklist.filter(finding="not_checked").count(),
            inspection.events.count(),
        ]
    assert after == before


def test_nothing_is_recorded_before_the_visit_nor_after_closing(officer, supervisor, workplace, kn):
    pk = _plan(officer, workplace.pk).json()["id"]
    early = officer.post(
        f"/api/v1/inspections/{pk}/violations/", {"area": "OSH", "provision": "s. 1"}, content_type=JSON
    )
    assert early.status_code == 400 and "Record the visit" in str(early.json())
    inspection = _visited(kn, workplace)
    assert _move(supervisor, inspection.pk, "close", inspection.version).status_code == 200
    late = officer.post(
        f"/api/v1/inspections/{inspection.pk}/penalties/",
        {"amount": "10", "imposed_on": str(TODAY)},
        content_type=JSON,
    )
    assert late.status_code == 400 and "reopen it first" in str(late.json())
    with tenant_context(kn):
        assert not Violation.objects.exists() and not Penalty.objects.exists()


def test_roles(workplace, kn):
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert statistician.get("/api/v1/inspections/").status_code == 200
    assert statistician.get("/inspections/").status_code == 200
    assert _plan(statistician, workplace.pk).status_code == 403
    assert statistician.get("/inspections/new/").status_code == 403
    pk = _plan(officer, workplace.pk).json()["id"]
    assert (
        officer.post(f"/api/v1/cases/{pk}/assign/", {"officer": "officer"}, content_type=JSON).status_code
        == 403
    )
    assert officer.get("/inspections/export.xlsx").status_code == 403
    submitter = sign_in(client_for("kn.localhost"), kn, "agency_submitter")
    assert submitter.get("/api/v1/inspections/").status_code == 403


def test_the_pages_plan_visit_check_record_and_close(officer, supervisor, workplace, kn):
    page = officer.post(
        "/inspections/new/",
        {"kind": "planned", "workplace": str(workplace.pk), "opened_on": str(YESTERDAY), "inspectors": []},
        follow=True,
    )
    assert "is planned" in page.content.decode(), page.content.decode()
    with tenant_context(kn):
        inspection = Inspection.objects.get(workplace=workplace)
    detail = officer.get(f"/inspections/{inspection.pk}/").content.decode()
    assert "Record the visit" in detail and "Frigate Bay Resort" in detail

    form = officer.get(f"/cases/{inspection.pk}/transition/visit/").content.decode()
    assert 'name="case-visited_on"' in form and 'name="case-workers_women"' in form
    missing = officer.post(
        f"/cases/{inspection.pk}/transition/visit/",
        {"case-visited_on": str(TODAY), "action": "visit", "version": 1},
    )
    assert (
        missing.status_code == 200
        and "Needed once the workplace has been visited" in missing.content.decode()
    )
    officer.post(
        f"/cases/{inspection.pk}/transition/visit/",
        {
            "case-visited_on": str(TODAY),
            "case-workers_women": "5",
            "case-workers_men": "2",
            "action": "visit",
            "version": 1,
        },
    )
    checklist = officer.get(f"/inspections/{inspection.pk}/checklist/").content.decode()
    assert 'name="OSH-finding"' in checklist
    with tenant_context(kn):
        versions = dict(inspection.checklist.values_list("area__code", "version"))
    data = {f"{code}-finding": "not_checked" for code in versions}
    data |= {f"{code}-version": str(version) for code, version in versions.items()}
    data |= {"OSH-finding": "not_compliant", "OSH-note": "No fire exit", "HOURS-finding": "compliant"}
    saved = officer.post(f"/inspections/{inspection.pk}/checklist/", data, follow=True).content.decode()
    assert "The checklist is saved." in saved
    officer.post(
        f"/inspections/{inspection.pk}/violations/new/",
        {"area": "OSH", "provision": "OSH Act s. 11", "description": "Fire exit locked."},
    )
    assert officer.get(f"/cases/{inspection.pk}/transition/close/").status_code == 403
    closed = supervisor.post(
        f"/cases/{inspection.pk}/transition/close/",
        {
            "case-visited_on": str(TODAY),
            "case-workers_women": "5",
            "case-workers_men": "2",
            "action": "close",
            "version": 2,
        },
        follow=True,
    ).content.decode()
    assert "The case is now Closed." in closed and "OSH Act s. 11" in closed
    with tenant_context(kn):
        found = dict(inspection.checklist.values_list("area__code", "finding"))
        assert (
            found["OSH"] == "not_compliant"
            and found["HOURS"] == "compliant"
            and found["WAGES"] == "not_checked"
        )
        texts = list(inspection.events.values_list("text", flat=True))
    assert "Checklist: Hours of work: Compliant; Safety and health at work: Not compliant." in texts
    assert inspection.reference in supervisor.get("/inspections/?status=closed").content.decode()
    export = supervisor.get("/inspections/export.xlsx?status=closed")
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [inspection.reference]


def test_notices_and_penalties_are_recorded_and_changed_on_their_pages(officer, workplace, kn):
    inspection = _visited(kn, workplace)
    deadline = TODAY + datetime.timedelta(days=14)
    officer.post(
        f"/inspections/{inspection.pk}/notices/new/",
        {"kind": "prohibition", "requirement": "Stop using the scaffold.", "deadline": str(deadline)},
    )
    late = officer.post(
        f"/inspections/{inspection.pk}/penalties/new/",
        {"amount": "300", "imposed_on": str(TODAY), "paid_on": str(TODAY + datetime.timedelta(days=1))},
    )
    assert late.status_code == 200 and "cannot be in the future" in late.content.decode()
    officer.post(f"/inspections/{inspection.pk}/penalties/new/", {"amount": "300", "imposed_on": str(TODAY)})
    with tenant_context(kn):
        notice = Notice.objects.get(inspection=inspection)
        assert Penalty.objects.filter(inspection=inspection).count() == 1
    edit = officer.get(f"/inspections/notices/{notice.pk}/edit/").content.decode()
    assert "Edit the notice" in edit and "kn:officer" in edit  # its history
    officer.post(
        f"/inspections/notices/{notice.pk}/edit/",
        {
            "kind": "prohibition",
            "requirement": "Stop using the scaffold.",
            "deadline": str(deadline),
            "complied_on": str(TODAY),
            "version": "1",
        },
    )
    stale = officer.post(
        f"/inspections/notices/{notice.pk}/edit/",
        {"kind": "warning", "requirement": "x", "deadline": str(deadline), "version": "1"},
    )
    assert "Someone else saved this record" in stale.content.decode()
    with tenant_context(kn):
        notice.refresh_from_db()
    assert (notice.kind, notice.complied_on, notice.version) == ("prohibition", TODAY, 2)
    page = officer.get(f"/inspections/{inspection.pk}/").content.decode()
    assert "Prohibition notice" in page and "300.00" in page


def test_a_complaint_driven_inspection_links_its_complaint_where_complaints_are_used(officer, workplace, kn):
    with tenant_context(kn):
        complaint = complaint_open(
            values={
                "complainant_name": "Cavel Mills",
                "complainant_sex": "F",
                "employer": workplace.employer,
                "category": code_lookup("complaint_category", "WAGES"),
            },
            by=user_in(kn, "officer"),
        )
    made = _plan(officer, workplace.pk, kind="complaint", prompted_by=complaint.reference)
    assert made.status_code == 201 and made.json()["prompted_by"] == complaint.reference
    page = officer.get(f"/inspections/{made.json()['id']}/").content.decode()
    assert complaint.reference in page
    wrong_kind = _plan(officer, workplace.pk, kind="planned", prompted_by=complaint.reference)
    assert wrong_kind.status_code == 400 and "complaint-driven" in str(
        wrong_kind.json()["errors"]["prompted_by"]
    )
    not_a_complaint = _plan(officer, workplace.pk, kind="complaint", prompted_by=made.json()["reference"])
    assert not_a_complaint.status_code == 400

    with tenant_context(kn):  # complaints not used in the country (rolled back with the test)
        ModuleEnablement.objects.filter(country=kn, module="complaints").delete()
        assert not Inspection.objects.filter(prompted_by__isnull=True, kind="complaint").exists()
    refused = _plan(officer, workplace.pk, kind="complaint", prompted_by=complaint.reference)
    assert refused.status_code == 400 and "not recorded in this country" in str(refused.json())
    assert 'name="prompted_by"' not in officer.get("/inspections/new/").content.decode()
    assert _plan(officer, workplace.pk, kind="complaint").status_code == 201


def test_report_counts_equal_the_records(kn, workplace):
    with tenant_context(kn):
        officer, supervisor = user_in(kn, "officer"), user_in(kn, "supervisor")
        other = workplace_save(
            employer=employer_save(
                values={"name": "Basseterre Bakery", "isic": code_lookup("isic4", "1071")},
                version=None,
                by=None,
            ),
            values={"name": "Bakery", "workers_women": 3, "workers_men": 9},
            version=None,
            by=None,
        )
        visits = []
        for place, kind, (women, men) in (
            (workplace, "planned", (4, 6)),
            (workplace, "complaint", (2, 0)),
            (other, "planned", (1, 8)),
        ):
            inspection = inspection_open(
                values={"kind": kind, "workplace": place, "opened_on": YESTERDAY, "inspectors": [supervisor]},
                by=officer,
            )
            case_assign(case=inspection, officer=officer, by=supervisor)
            visits.append(
                case_transition(
                    case=inspection,
                    action="visit",
                    by=officer,
                    values={"visited_on": TODAY, "workers_women": women, "workers_men": men},
                )
            )
        inspection_open(values={"kind": "planned", "workplace": other}, by=officer)  # not visited
        follow_up = inspection_follow_up(inspection=visits[0], values={}, by=officer)
        case_transition(
            case=follow_up,
            action="visit",
            by=officer,
            values={"visited_on": TODAY, "workers_women": 1, "workers_men": 1},
        )
        areas = {code: code_lookup("inspection_area", code) for code in ("WAGES", "OSH", "HOURS")}
        for inspection, found in ((visits[0], ("WAGES", "OSH")), (visits[2], ("OSH",))):
            checklist_record(
                inspection=inspection,
                entries=[
                    (
                        areas[code],
                        {"finding": "not_compliant"},
                        inspection.checklist.get(area=areas[code]).version,
                    )
                    for code in found
                ],
                by=officer,
            )
            for code in found:
                violation_save(
                    inspection=inspection,
                    values={"area": areas[code], "provision": f"Act s. {len(code)}"},
                    version=None,
                    by=officer,
                )
        notice_save(
            inspection=visits[0],
            values={
                "kind": "prohibition",
                "requirement": "Stop",
                "deadline": TODAY + datetime.timedelta(days=5),
            },
            version=None,
            by=officer,
        )
        for amount in ("250.00", "100.50"):
            penalty_save(
                inspection=visits[2],
                values={"amount": Decimal(amount), "imposed_on": TODAY},
                version=None,
                by=officer,
            )

        period = period_parse(str(TODAY.year))
        by_kind = VISITS_BY_ACTIVITY_AND_KIND.grid(period)
        findings = CHECKLIST_FINDINGS.grid(period)
        violations = VIOLATIONS_BY_AREA.grid(period)
        workflow = WORKFLOW.grid(period)
        c81 = {label: (counts, total) for label, counts, total in C81_ANNUAL_REPORT.grid(period).rows}

        visited = Inspection.objects.filter(visited_on__year=TODAY.year)
        expected_kinds = dict(visited.values_list("kind").annotate(n=Count("pk")).order_by())
        expected_findings = {
            (row["area__title"], row["finding"]): row["n"]
            for row in ChecklistItem.objects.filter(inspection__visited_on__year=TODAY.year)
            .values("area__title", "finding")
            .annotate(n=Count("pk"))
        }
        expected_violations = dict(
            Violation.objects.filter(inspection__visited_on__year=TODAY.year)
            .values_list("area__title")
            .annotate(n=Count("pk"))
            .order_by()
        )
        open_inspections = Inspection.objects.filter(closed_on__isnull=True).count()
        liable = Workplace.objects.filter(active=True).count()
        workers = Workplace.objects.filter(active=True).aggregate(
            women=Sum("workers_women"), men=Sum("workers_men")
        )
        present = visited.aggregate(women=Sum("workers_women"), men=Sum("workers_men"))
        inspector_ids = set(visited.values_list("assigned_to", flat=True)) | set(
            visited.values_list("inspectors", flat=True)
        )
        inspector_ids.discard(None)
        penalties = Penalty.objects.filter(imposed_on__year=TODAY.year).count()
        visit_count = visited.count()

    kinds = [value for value, _label in by_kind.columns]
    assert [sum(counts[kinds.index(k)] for _l, counts, _t in by_kind.rows) for k in kinds] == [
        expected_kinds.get(k, 0) for k in kinds
    ]
    assert by_kind.total == visit_count == 4
    finding_values = [value for value, _label in findings.columns]
    for label, counts, _total in findings.rows:
        for finding, count in zip(finding_values, counts, strict=True):
            assert count == expected_findings.get((label, finding), 0)
    assert {label: total for label, _counts, total in violations.rows} == expected_violations
    assert workflow.total == open_inspections

    assert c81["(b) Labour inspectors who made visits"] == ([0, 0, len(inspector_ids)], 2)
    assert c81["(c) Workplaces liable to inspection"][1] == liable == 2
    assert c81["(c) Workers employed in them"] == (
        [workers["women"], workers["men"], 0],
        workers["women"] + workers["men"],
    )
    assert c81["(d) Inspection visits"][1] == 4
    assert c81["(d) of which follow-up visits"][1] == 1
    assert c81["(d) of which prompted by a complaint"][1] == 1
    assert c81["(d) Workplaces visited"][1] == 2
    assert c81["(d) Workers present at the visits"][0][:2] == [present["women"], present["men"]] == [8, 15]
    assert c81["(e) Violations reported"][1] == sum(expected_violations.values()) == 3
    assert c81["(e) Violations: Safety and health at work"][1] == 2
    assert c81["(e) Legal provision: Act s. 3"][1] == 2  # OSH
    assert c81["(e) Prohibition notice given"][1] == 1
    assert c81["(e) Penalties imposed"][1] == penalties == 2
    assert c81["(e) Amount of the penalties imposed"][1] == Decimal("350.50")
    assert "(f) Industrial accidents, fatal" in c81  # the accidents module is enabled (and empty here)


def test_the_c81_report_is_shown_printed_and_exported(supervisor, kn):
    page = supervisor.get("/reports/inspections-c81-annual-report/?period=2026").content.decode()
    assert "ILO Convention 81" in page and "(c) Workplaces liable to inspection" in page
    sheet = supervisor.get("/reports/inspections-c81-annual-report/?period=2026&format=xlsx")
    assert sheet.status_code == 200
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == "Article 21" and any(row[0] == "(d) Inspection visits" for row in rows)
    listing = supervisor.get("/reports/").content.decode()
    assert "Open inspections by stage and officer" in listing


@pytest.mark.parametrize("module", ["inspections", "accidents"])
def test_every_table_of_the_module_is_a_page_and_a_spreadsheet(supervisor, kn, workplace, module):
    _visited(kn, workplace)
    for path in module_by_key(module).manifest.reports:
        table = import_string(path)
        page = supervisor.get(f"/reports/{table.key}/?period={TODAY.year}")
        assert page.status_code == 200 and str(table.title) in page.content.decode(), table.key
        sheet = supervisor.get(f"/reports/{table.key}/?period={TODAY.year}-Q1&format=xlsx")
        assert sheet.status_code == 200 and load_workbook(io.BytesIO(sheet.content)).active.max_row >= 3


def test_a_kn_inspection_is_not_found_at_lc(kn, lc, workplace):
    inspection = _visited(kn, workplace)
    lc_officer = sign_in(client_for("lc.localhost"), lc, "officer")
    for url in (
        f"/inspections/{inspection.pk}/",
        f"/inspections/{inspection.pk}/checklist/",
        f"/api/v1/inspections/{inspection.pk}/",
        f"/api/v1/inspections/{inspection.pk}/checklist/",
        f"/api/v1/cases/{inspection.pk}/events/",
    ):
        assert lc_officer.get(url).status_code in (404,), url
    posted = lc_officer.post(
        f"/api/v1/inspections/{inspection.pk}/violations/",
        {"area": "OSH", "provision": "x"},
        content_type=JSON,
    )
    assert posted.status_code == 404


def test_the_demo_is_a_year_of_inspections_at_every_stage_once(kn, workplace):
    with tenant_context(kn):
        for index in range(5):
            workplace_save(
                employer=workplace.employer,
                values={"name": f"Site {index}", "workers_women": 5, "workers_men": 5},
                version=None,
                by=None,
            )
        added = inspections_demo(kn)
        again = inspections_demo(kn)
        statuses = set(Inspection.objects.values_list("status", flat=True))
        kinds = set(Inspection.objects.values_list("kind", flat=True))
        assert Case.objects.filter(case_type="inspections.inspection").count() == added
        worked_by = set(
            CaseEvent.objects.filter(case__case_type="inspections.inspection").values_list("actor", flat=True)
        )
        records = (Violation.objects.count(), Notice.objects.count(), Penalty.objects.count())
    assert added >= 20 and again == 0
    assert statuses == {"planned", "visited", "notices", "closed", "cancelled"}
    assert {"planned", "follow_up"} <= kinds
    assert worked_by == {"kn:officer", "kn:supervisor"}
    assert all(records)
