"""The case-work core, through a test-only case module (tests/casework_app: grievances)."""

import datetime
import threading
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django_tenants.utils import tenant_context

from clmis.records.locking import StaleEdit
from modules.casework.letters import letter_template_check
from modules.casework.models import CaseCounter, LetterTemplate, NumberingRule
from modules.casework.numbering import pattern_check, reference_allocate
from modules.casework.services import (
    case_assign,
    case_document_add,
    case_note_add,
    case_open,
    case_transition,
    case_update,
    letter_issue,
)
from modules.casework.workflow import State, Transition, Workflow
from tenants.services import module_disable
from tests.casework_app.models import Grievance
from tests.support import client_for, sign_in, user_in

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _open(kn, complainant="Cavel Mills", **values):
    with tenant_context(kn):
        return case_open(
            case=Grievance(), values={"complainant": complainant, **values}, by=user_in(kn, "officer")
        )


# --- numbering ---------------------------------------------------------------------------------------


def test_cases_are_numbered_by_the_default_pattern_per_year(kn):
    first = _open(kn, opened_on=datetime.date(2025, 12, 31))
    second = _open(kn, opened_on=datetime.date(2025, 12, 31))
    new_year = _open(kn, opened_on=datetime.date(2026, 1, 1))
    assert (first.reference, second.reference, new_year.reference) == (
        "00001/2025",
        "00002/2025",
        "00001/2026",
    )
    assert first.status == "received" and first.case_type == "grievances.grievance"


def test_a_country_sets_its_own_pattern(kn):
    with tenant_context(kn):
        NumberingRule.objects.create(case_type="grievances.grievance", pattern="{MONTH}-{CC}-{seq}")
    case = _open(kn, opened_on=datetime.date(2013, 6, 12))
    assert case.reference == "June-KN-1"


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{MONTH}-{CC}", "exactly one {seq}"),
        ("{seq}{seq}", "exactly one {seq}"),
        ("{seq}-{DAY}", "Unknown token"),
    ],
)
def test_patterns_that_cannot_number_uniquely_are_refused(pattern, message):
    with pytest.raises(ValidationError) as refused:
        pattern_check(pattern)
    assert message in refused.value.messages[0]


def test_parallel_creation_never_gives_a_number_twice(countries, django_db_blocker):
    case_type = f"test.parallel-{uuid.uuid4().hex[:8]}"
    numbers: list[str] = []
    lock = threading.Lock()

    def allocate_five():
        try:
            with tenant_context(countries["kn"]):
                for _ in range(5):
                    number = reference_allocate(
                        case_type=case_type, type_code="T", default_pattern="{seq}", on=datetime.date.today()
                    )
                    with lock:
                        numbers.append(number)
        finally:
            connections.close_all()

    with django_db_blocker.unblock():
        threads = [threading.Thread(target=allocate_five) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with tenant_context(countries["kn"]):
            CaseCounter.objects.filter(case_type=case_type).delete()
    assert sorted(map(int, numbers)) == list(range(1, 41))


# --- workflow ----------------------------------------------------------------------------------------


def test_an_impossible_transition_names_what_is_possible_and_changes_nothing(kn):
    case = _open(kn)
    with tenant_context(kn), pytest.raises(ValidationError) as refused:
        case_transition(case=case, action="settle", by=user_in(kn, "supervisor"))
    assert "not possible while the case is Received" in refused.value.messages[0]
    assert "Start investigation, Withdraw" in refused.value.messages[0]
    with tenant_context(kn):
        case.refresh_from_db()
    assert case.status == "received" and case.version == 1


def test_a_transition_needs_its_permission_and_its_fields(kn):
    case = _open(kn)
    with tenant_context(kn):
        case_transition(case=case, action="investigate", by=user_in(kn, "officer"), note="Visited the site.")
        with pytest.raises(PermissionDenied):
            case_transition(case=case, action="settle", by=user_in(kn, "officer"))
        with pytest.raises(ValidationError) as missing:
            case_transition(case=case, action="settle", by=user_in(kn, "supervisor"))
        assert "outcome" in missing.value.message_dict
        case.refresh_from_db()
        assert case.status == "investigating" and case.closed_on is None
        case_transition(
            case=case, action="settle", by=user_in(kn, "supervisor"), values={"outcome": "Paid in full"}
        )
        case.refresh_from_db()
        assert case.status == "settled" and case.closed_on == datetime.date.today() and case.is_closed
        kinds = list(case.events.values_list("kind", "actor"))
        assert kinds == [("opened", "kn:officer"), ("status", "kn:officer"), ("status", "kn:supervisor")]
        assert "Visited the site." in case.events.filter(kind="status").first().text


def test_an_automatic_transition_is_taken_by_its_service_alone():
    """A transition that follows from what a module records (the last post of a vacancy filled) is
    neither offered to people nor possible for them; the module's service takes it."""
    workflow = Workflow(
        states=(
            State("open", "Open"),
            State("closed", "Closed", closed=True),
            State("full", "Full", closed=True),
        ),
        transitions=(
            Transition("close", "Close", ("open",), "closed", "grievances.change_grievance"),
            Transition("fill", "Fill", ("open",), "full", "grievances.change_grievance", automatic=True),
        ),
        initial="open",
    )

    class Anyone:
        def has_perm(self, permission: str) -> bool:
            return True

    assert [t.name for t in workflow.allowed("open", Anyone())] == ["close"]
    with pytest.raises(ValidationError) as refused:
        workflow.check("open", "fill", Anyone())
    assert "Possible now: Close." in refused.value.messages[0]
    assert workflow.check("open", "fill", Anyone(), automatic=True).target == "full"


def test_assignment_and_overdue(kn):
    today = datetime.date.today()
    case = _open(kn, opened_on=today - datetime.timedelta(days=10), due_on=today - datetime.timedelta(days=1))
    assert case.overdue
    with tenant_context(kn):
        with pytest.raises(PermissionDenied):
            case_assign(case=case, officer=user_in(kn, "officer"), by=user_in(kn, "officer"))
        with pytest.raises(ValidationError):
            case_assign(case=case, officer=user_in(kn, "statistician"), by=user_in(kn, "supervisor"))
        due = datetime.date.today() + datetime.timedelta(days=14)
        case_assign(case=case, officer=user_in(kn, "officer"), due_on=due, by=user_in(kn, "supervisor"))
        case.refresh_from_db()
        assert case.assigned_to.username == "officer" and not case.overdue
        assert case.events.filter(kind="assigned", actor="kn:supervisor").exists()


def test_a_stale_edit_of_a_case_is_refused(kn):
    case = _open(kn)
    with tenant_context(kn):
        other = Grievance.objects.get(pk=case.pk)
        case_update(
            case=case, values={"amount_claimed": Decimal("500")}, version=1, by=user_in(kn, "officer")
        )
        with pytest.raises(StaleEdit) as stale:
            case_update(
                case=other, values={"complainant": "C. Mills"}, version=1, by=user_in(kn, "supervisor")
            )
        assert [change.by for change in stale.value.changes] == ["kn:officer"]
        other.refresh_from_db()
        assert other.complainant == "Cavel Mills" and other.amount_claimed == Decimal("500")


# --- documents ---------------------------------------------------------------------------------------


def test_documents_are_checked_and_downloaded_only_by_those_who_may_see_the_case(kn, lc, settings):
    case = _open(kn)
    with tenant_context(kn):
        document = case_document_add(
            case=case,
            upload=SimpleUploadedFile("contract.PDF", PDF),
            description="Signed",
            by=user_in(kn, "officer"),
        )
        assert (
            document.file.name.startswith(f"kn/cases/{case.pk}/")
            and document.content_type == "application/pdf"
        )
        for name, content, message in [
            ("setup.exe", b"MZ", "not a type that can be attached"),
            ("photo.pdf", PNG, "does not contain what its name says"),
        ]:
            with pytest.raises(ValidationError) as refused:
                case_document_add(
                    case=case, upload=SimpleUploadedFile(name, content), by=user_in(kn, "officer")
                )
            assert message in refused.value.messages[0]
        settings.CASE_DOCUMENT_MAX_BYTES = 10
        with pytest.raises(ValidationError) as too_big:
            case_document_add(case=case, upload=SimpleUploadedFile("a.pdf", PDF), by=user_in(kn, "officer"))
        assert "attachments can be at most 10" in too_big.value.messages[0]
        assert case.documents.count() == 1
    url = f"/cases/{case.pk}/documents/{document.pk}/"
    download = sign_in(client_for("kn.localhost"), kn, "statistician").get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert 'filename="contract.PDF"' in download["Content-Disposition"]
    assert sign_in(client_for("kn.localhost"), kn, "agency_submitter").get(url).status_code == 403
    assert sign_in(client_for("lc.localhost"), lc, "officer").get(url).status_code == 404
    assert client_for("kn.localhost").get(url).status_code == 302
    module_disable(country=kn, key="grievances", by=None)
    assert sign_in(client_for("kn.localhost"), kn, "statistician").get(url).status_code == 404


def test_behind_nginx_a_document_allowed_is_handed_to_nginx_to_send(kn, settings):
    settings.MEDIA_ACCEL_REDIRECT = "/_media/"
    case = _open(kn)
    with tenant_context(kn):
        document = case_document_add(
            case=case, upload=SimpleUploadedFile("pay slip.pdf", PDF), by=user_in(kn, "officer")
        )
    url = f"/cases/{case.pk}/documents/{document.pk}/"
    download = sign_in(client_for("kn.localhost"), kn, "statistician").get(url)
    assert download.status_code == 200 and download.content == b""
    assert download["X-Accel-Redirect"] == "/_media/" + document.file.name.replace(" ", "%20")
    assert 'filename="pay slip.pdf"' in download["Content-Disposition"]
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "private, no-store"
    refused = sign_in(client_for("kn.localhost"), kn, "agency_submitter").get(url)
    assert refused.status_code == 403 and not refused.has_header("X-Accel-Redirect")


# --- letters -----------------------------------------------------------------------------------------


def test_letters_carry_the_case_and_a_country_may_reword_them(kn):
    case = _open(kn, amount_claimed=Decimal("1250.00"))
    with tenant_context(kn):
        letter = letter_issue(
            case=case, key="grievances/acknowledgment", language="en", by=user_in(kn, "officer")
        )
        assert letter.subject == f"Acknowledgment of grievance {case.reference}"
        assert (
            "Cavel Mills" in letter.html
            and "1250.00" in letter.html
            and "Saint Kitts and Nevis" in letter.html
        )
        LetterTemplate.objects.create(
            key="grievances/acknowledgment",
            language="nl",
            subject="Ontvangstbevestiging {{ reference }}",
            body="<p>Beste {{ complainant }}, uw klacht {{ reference }} is ontvangen.</p>",
        )
        reworded = letter_issue(
            case=case, key="grievances/acknowledgment", language="nl", by=user_in(kn, "officer")
        )
        assert reworded.subject == f"Ontvangstbevestiging {case.reference}"
        assert reworded.html == f"<p>Beste Cavel Mills, uw klacht {case.reference} is ontvangen.</p>"
        assert case.events.filter(kind="letter").count() == 2
    page = sign_in(client_for("kn.localhost"), kn, "officer").get(
        f"/cases/{case.pk}/letters/{letter.pk}/?format=pdf"
    )
    assert page.status_code == 200 and page.content.startswith(b"%PDF")


@pytest.mark.parametrize("text", ["{% debug %}", "{% include 'x.html' %}", "{% load static %}", "{% if %}"])
def test_unsafe_or_broken_letter_wording_is_refused(text):
    with pytest.raises(ValidationError):
        letter_template_check(text)


def test_the_status_statement_leaves_internal_notes_out(kn):
    case = _open(kn)
    with tenant_context(kn):
        case_note_add(case=case, text="Employer seems evasive.", by=user_in(kn, "officer"))
        statement = letter_issue(
            case=case, key="casework/statement", language="en", by=user_in(kn, "officer")
        )
    assert case.reference in statement.html and "Received" in statement.html
    assert "evasive" not in statement.html


# --- pages -------------------------------------------------------------------------------------------


def test_the_case_page_offers_what_the_role_allows(kn):
    case = _open(kn)
    officer_page = (
        sign_in(client_for("kn.localhost"), kn, "officer").get(f"/grievances/{case.pk}/").content.decode()
    )
    assert "Start investigation" in officer_page and f'action="/cases/{case.pk}/assign/"' not in officer_page
    supervisor_page = sign_in(client_for("kn.localhost"), kn, "supervisor").get(f"/grievances/{case.pk}/")
    assert f'action="/cases/{case.pk}/assign/"' in supervisor_page.content.decode()
    statistician_page = sign_in(client_for("kn.localhost"), kn, "statistician").get(f"/grievances/{case.pk}/")
    assert "Start investigation" not in statistician_page.content.decode()


def test_a_refused_transition_from_the_page_says_why(kn):
    case = _open(kn)
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    response = officer.post(f"/cases/{case.pk}/transition/", {"action": "settle", "version": 1}, follow=True)
    assert "not possible while the case is Received" in response.content.decode()
    response = officer.post(
        f"/cases/{case.pk}/transition/", {"action": "investigate", "version": 1}, follow=True
    )
    assert "The case is now Under investigation." in response.content.decode()


def test_a_kn_case_answers_404_on_lc(kn, lc):
    case = _open(kn)
    lc_officer = sign_in(client_for("lc.localhost"), lc, "officer")
    assert lc_officer.get(f"/grievances/{case.pk}/").status_code == 404
    assert lc_officer.post(f"/cases/{case.pk}/notes/", {"text": "x"}).status_code == 404


def test_every_change_to_a_case_is_in_its_history(kn):
    case = _open(kn)
    with tenant_context(kn):
        case_transition(case=case, action="investigate", by=user_in(kn, "officer"))
        actors = list(
            Grievance.history.filter(id=case.pk).order_by("history_date").values_list("actor", "status")
        )
    assert actors == [("kn:officer", "received"), ("kn:officer", "investigating")]
