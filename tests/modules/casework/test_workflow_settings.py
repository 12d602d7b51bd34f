"""A country's workflow settings: optional states a case can step into and back from, deadlines in days
that set the due date of cases entering a state; refusals; audit; isolation; the configuration file."""

import datetime

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.casework.models import ExtraState, StateDeadline
from modules.casework.services import deadline_set, extra_state_add, extra_state_remove
from modules.complaints.models import Complaint
from modules.configuration.services import configuration_export, configuration_import
from modules.employers.services import employer_save
from tests.support import client_for, sign_in, user_in

TODAY = timezone.localdate()


@pytest.fixture
def admin(kn):
    with tenant_context(kn):
        TOTP.activate(user_in(kn, "lmis_admin"), generate_totp_secret())
    return sign_in(client_for("kn.localhost"), kn, "lmis_admin")


@pytest.fixture
def officer(kn):
    return sign_in(client_for("kn.localhost"), kn, "officer")


def _complaint(client, kn) -> dict:
    with tenant_context(kn):
        employer = employer_save(values={"name": "Frigate Bay Resort"}, version=None, by=None)
    made = client.post(
        "/api/v1/complaints/",
        {
            "complainant_name": "Cavel Mills",
            "complainant_sex": "F",
            "employer": employer.pk,
            "category": "WAGES",
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    return made.json()


def test_an_optional_state_is_a_side_step_the_officer_takes_and_comes_back_from(admin, officer, kn):
    added = admin.post(
        "/settings/workflows/complaints.complaint/",
        {"add_state": "1", "key": "documents", "label": "Waiting for documents", "after": "investigating"},
    )
    assert added.status_code == 302
    complaint = _complaint(officer, kn)
    pk = complaint["id"]
    moved = officer.post(
        f"/api/v1/cases/{pk}/transitions/",
        {"action": "investigate", "version": 1},
        content_type="application/json",
    )
    assert moved.status_code == 200
    page = officer.get(f"/complaints/{pk}/").content.decode()
    assert "Waiting for documents" in page  # offered as an action of the case
    waiting = officer.post(
        f"/api/v1/cases/{pk}/transitions/",
        {"action": "enter_documents", "version": 2},
        content_type="application/json",
    )
    assert waiting.status_code == 200 and waiting.json()["status_label"] == "Waiting for documents"
    listed = officer.get("/complaints/?status=documents").context["rows"]
    assert [record.pk for record, _values in listed] == [pk]
    with tenant_context(kn):
        state = ExtraState.objects.get()
        with pytest.raises(ValidationError) as busy:
            extra_state_remove(state=state, by=None)
        assert "1 cases are Waiting for documents" in busy.value.messages[0]
    back = officer.post(
        f"/api/v1/cases/{pk}/transitions/",
        {"action": "leave_documents", "version": 3},
        content_type="application/json",
    )
    assert back.status_code == 200 and back.json()["status"] == "investigating"
    with tenant_context(kn):
        assert state.history.get().actor == "kn:lmis_admin"
        extra_state_remove(state=state, by=None)
        assert not ExtraState.objects.exists()


def test_a_countrys_optional_states_are_its_own(kn, lc):
    with tenant_context(kn):
        extra_state_add(
            case_type="complaints.complaint",
            key="documents",
            label="Documents",
            after="investigating",
            by=None,
        )
        assert "documents" in {state.key for state in Complaint.workflow.states}
    with tenant_context(lc):
        assert "documents" not in {state.key for state in Complaint.workflow.states}


def test_a_deadline_sets_the_due_date_of_cases_entering_the_state(admin, officer, kn):
    saved = admin.post(
        "/settings/workflows/complaints.complaint/",
        {"deadlines": "1", "days_received": "5", "days_investigating": "30", "days_hearing": ""},
    )
    assert saved.status_code == 302
    complaint = _complaint(officer, kn)
    assert complaint["due_on"] == str(TODAY + datetime.timedelta(days=5))
    moved = officer.post(
        f"/api/v1/cases/{complaint['id']}/transitions/",
        {"action": "investigate", "version": 1},
        content_type="application/json",
    )
    with tenant_context(kn):
        assert Complaint.objects.get(pk=complaint["id"]).due_on == TODAY + datetime.timedelta(days=30)
        assert StateDeadline.objects.count() == 2  # an empty one is no deadline
    assert moved.status_code == 200
    again = admin.post(
        "/settings/workflows/complaints.complaint/",
        {"deadlines": "1", "days_received": "5", "days_investigating": "30", "days_hearing": ""},
    )
    assert again.status_code == 302
    with tenant_context(kn):
        assert StateDeadline.history.count() == 2  # saving the same days again records nothing new


def test_workflow_settings_refuse_what_the_module_does_not_allow(kn, officer):
    with tenant_context(kn):
        for values, field in (
            ({"key": "received", "label": "x", "after": "investigating"}, "key"),
            ({"key": "investigate", "label": "x", "after": "investigating"}, "key"),
            ({"key": "later", "label": "x", "after": "settled"}, "after"),  # a closed state
            ({"key": "later", "label": "x", "after": "nowhere"}, "after"),
        ):
            with pytest.raises(ValidationError) as refused:
                extra_state_add(case_type="complaints.complaint", by=None, **values)
            assert field in refused.value.message_dict
        with pytest.raises(ValidationError):
            extra_state_add(case_type="payroll.payslip", key="x", label="x", after="y", by=None)
        with pytest.raises(ValidationError):
            deadline_set(case_type="complaints.complaint", state="settled", days=3, by=None)
        assert not ExtraState.objects.exists() and not StateDeadline.objects.exists()
    assert officer.get("/settings/workflows/").status_code == 403


def test_workflow_settings_travel_in_the_configuration_file(kn, lc):
    with tenant_context(kn):
        extra_state_add(
            case_type="complaints.complaint",
            key="documents",
            label="Documents",
            after="investigating",
            by=None,
        )
        deadline_set(case_type="complaints.complaint", state="documents", days=10, by=None)
        deadline_set(case_type="inspections.inspection", state="planned", days=60, by=None)
        document = configuration_export()
    with tenant_context(lc):
        changes = configuration_import(document, apply=True, by=None, sections=["workflows"])
        assert {(c.action, c.item) for c in changes} == {
            ("add", "complaints.complaint/documents"),
            ("change", "complaints.complaint/documents"),
            ("change", "inspections.inspection/planned"),
        }
        assert configuration_export()["sections"]["workflows"] == document["sections"]["workflows"]
