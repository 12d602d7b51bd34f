"""Work permits: an application's life through the API and the pages (approval through the transition
form, the certificate, refusal with its reason, renewal), the labour-market test, bad input refused
with nothing saved, roles, reports equal to the records, the optional vacancy link, isolation, the
disabled module, the demo and the OpenAPI schema."""

import datetime
import re
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context

from modules.casework.models import Case, CaseCounter
from modules.casework.services import case_transition
from modules.complaints.services import complaint_open
from modules.employers.services import employer_save
from modules.reference.selectors import code_lookup
from modules.registry import dependants_of
from modules.reports.periods import period_parse
from modules.vacancies.services import vacancy_register
from modules.work_permits.demo import work_permits_demo
from modules.work_permits.models import PERMIT_NUMBERING, WorkPermit, months_after
from modules.work_permits.reports import (
    APPROVED_BY_ACTIVITY_AND_SEX,
    APPROVED_BY_CITIZENSHIP_AND_SEX,
    APPROVED_BY_OCCUPATION_AND_SEX,
    FIRST_AND_RENEWALS,
    REFUSED_BY_CITIZENSHIP_AND_SEX,
    REFUSED_BY_REASON_AND_SEX,
    WORKFLOW,
)
from modules.work_permits.services import permit_apply
from tenants.services import module_disable, module_enable
from tests.support import client_for, sign_in, user_in

TODAY = datetime.date.today()
MONTH_AGO = TODAY - datetime.timedelta(days=30)
A_YEAR_ON = months_after(TODAY, 12) - datetime.timedelta(days=1)
JSON = "application/json"


@pytest.fixture
def employer(kn):
    with tenant_context(kn):
        return employer_save(
            values={
                "name": "Frigate Bay Resort",
                "registration_number": "C-9101",
                "isic": code_lookup("isic4", "5510"),
                "street": "Frigate Bay Road",
                "city": "Frigate Bay",
            },
            version=None,
            by=None,
        )


@pytest.fixture
def officer(kn):
    return sign_in(client_for("kn.localhost"), kn, "officer")


@pytest.fixture
def supervisor(kn):
    return sign_in(client_for("kn.localhost"), kn, "supervisor")


def _payload(employer_pk, **extra) -> dict:
    return {
        "employer": employer_pk,
        "position": "Executive chef",
        "occupation": "3434",
        "duration_months": 12,
        "monthly_salary": "5200.00",
        "currency": "XCD",
        "worker_name": "Priya Nair",
        "worker_sex": "F",
        "worker_birth_date": "1988-04-02",
        "citizenship": "IN",
        "country_of_birth": "IN",
        "passport_number": "Z1234567",
        "education_level": "5",
        "qualifications": "Culinary diploma",
        "vacancy_advertised": True,
        "advertised_on": str(MONTH_AGO),
        "labour_market_note": "3 job seekers registered for 3434, none with the experience.",
        **extra,
    }


def _apply(client, employer_pk, **extra):
    return client.post("/api/v1/work_permits/", _payload(employer_pk, **extra), content_type=JSON)


def _move(client, pk, action, version, **values):
    payload = {"action": action, "version": version, "values": values}
    return client.post(f"/api/v1/cases/{pk}/transitions/", payload, content_type=JSON)


def _record(kn, employer, *, by="officer", **values) -> WorkPermit:
    """An application registered through the service, as the API would."""
    with tenant_context(kn):
        return permit_apply(
            values={
                "employer": employer,
                "position": "Cook",
                "occupation": code_lookup("isco08", "5120"),
                "duration_months": 12,
                "monthly_salary": 2400,
                "worker_name": "Omar Brown",
                "worker_sex": "M",
                "worker_birth_date": datetime.date(1990, 1, 15),
                "citizenship": code_lookup("iso3166", "JM"),
                "country_of_birth": code_lookup("iso3166", "JM"),
                "passport_number": "A7654321",
                "no_suitable_national": True,
                **values,
            },
            by=user_in(kn, by),
        )


def _decide(kn, permit: WorkPermit, action: str, **values) -> WorkPermit:
    """Reviewed by the officer, then approved or refused by the supervisor."""
    with tenant_context(kn):
        officer, supervisor = user_in(kn, "officer"), user_in(kn, "supervisor")
        case_transition(case=permit, action="review", by=officer)
        if action == "approve":
            values = {"valid_from": TODAY, "valid_until": A_YEAR_ON, **values}
        return case_transition(case=permit, action=action, by=supervisor, values=values)


def test_a_permit_goes_through_its_life_by_the_api(officer, supervisor, employer, kn):
    made = _apply(officer, employer.pk)
    assert made.status_code == 201, made.content
    permit = made.json()
    assert permit["reference"].startswith("WP-") and permit["status"] == "received"
    assert permit["occupation_title"] == "Chefs" and permit["citizenship_title"] == "India"
    assert permit["permit_number"] == "" and permit["decided_on"] is None
    pk = permit["id"]

    assigned = supervisor.post(f"/api/v1/cases/{pk}/assign/", {"officer": "officer"}, content_type=JSON)
    assert assigned.status_code == 200
    assert _move(officer, pk, "review", 2).status_code == 200
    # An officer cannot decide; a supervisor approves with the period, and the case numbers the permit.
    assert (
        _move(officer, pk, "approve", 3, valid_from=str(TODAY), valid_until=str(A_YEAR_ON)).status_code == 403
    )
    missing = _move(supervisor, pk, "approve", 3)
    assert missing.status_code == 400 and set(missing.json()["errors"]) == {"valid_from", "valid_until"}
    approved = _move(supervisor, pk, "approve", 3, valid_from=str(TODAY), valid_until=str(A_YEAR_ON))
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "approved"
    read = officer.get(f"/api/v1/work_permits/{pk}/").json()
    assert re.fullmatch(rf"KN/WP/{TODAY.year}/\d{{4}}", read["permit_number"]), read["permit_number"]
    assert read["decided_on"] == str(TODAY) and read["closed_on"] == str(TODAY)

    # The refusal letter is not for an approved permit; the certificate is.
    refusal = officer.post(f"/api/v1/cases/{pk}/letters/", {"key": "work_permits/refusal"}, content_type=JSON)
    assert refusal.status_code == 400
    letter = officer.post(
        f"/api/v1/cases/{pk}/letters/", {"key": "work_permits/certificate"}, content_type=JSON
    )
    assert letter.status_code == 201, letter.content
    events = [e["kind"] for e in officer.get(f"/api/v1/cases/{pk}/events/").json()["results"]]
    assert events == ["opened", "assigned", "status", "status", "letter"]
    with tenant_context(kn):
        html = WorkPermit.objects.get(pk=pk).letters.get().html
    for shown in (read["permit_number"], "Priya Nair", "India", "Frigate Bay Resort", "Executive chef"):
        assert shown in html, shown

    # A supervisor reopens it: the decision is taken back, the number stays for its approval again.
    assert _move(officer, pk, "reopen", 4).status_code == 403
    reopened = _move(supervisor, pk, "reopen", 4)
    assert reopened.status_code == 200 and reopened.json()["status"] == "under_review"
    again = officer.get(f"/api/v1/work_permits/{pk}/").json()
    assert again["decided_on"] is None and again["permit_number"] == read["permit_number"]
    assert _move(supervisor, pk, "approve", 5).status_code == 200  # the period is still on the case
    assert officer.get(f"/api/v1/work_permits/{pk}/").json()["permit_number"] == read["permit_number"]


def _numbers_given(kn) -> list[int]:
    with tenant_context(kn):
        return list(
            CaseCounter.objects.filter(case_type=PERMIT_NUMBERING).values_list("last_value", flat=True)
        )


def test_approval_without_the_labour_market_test_is_refused_and_nothing_is_saved(supervisor, employer, kn):
    permit = _record(kn, employer, no_suitable_national=False, vacancy_advertised=False)
    with tenant_context(kn):
        case_transition(case=permit, action="review", by=user_in(kn, "officer"))
    numbers = _numbers_given(kn)
    refused = _move(supervisor, permit.pk, "approve", 2, valid_from=str(TODAY), valid_until=str(A_YEAR_ON))
    assert refused.status_code == 400, refused.content
    assert "labour-market test is not done" in " ".join(refused.json()["errors"]["no_suitable_national"])
    with tenant_context(kn):
        permit.refresh_from_db()
        assert permit.status == "under_review" and permit.version == 2
        assert permit.permit_number == "" and permit.decided_on is None and permit.valid_from is None
    assert _numbers_given(kn) == numbers  # no permit number was used up by the refused approval


def test_a_refusal_needs_its_reason_and_the_letter_gives_it(officer, supervisor, employer, kn):
    permit = _record(kn, employer)
    with tenant_context(kn):
        case_transition(case=permit, action="review", by=user_in(kn, "officer"))
    without = _move(supervisor, permit.pk, "refuse", 2)
    assert without.status_code == 400 and set(without.json()["errors"]) == {"refusal_reason"}
    unknown = _move(supervisor, permit.pk, "refuse", 2, refusal_reason="NOPE")
    assert unknown.status_code == 400 and "refusal_reason" in unknown.json()["errors"]
    with tenant_context(kn):
        permit.refresh_from_db()
        assert permit.status == "under_review" and permit.version == 2 and permit.decided_on is None
    refused = _move(supervisor, permit.pk, "refuse", 2, refusal_reason="SALARY", decision_notes="Below 3000.")
    assert refused.status_code == 200 and refused.json()["status"] == "refused"
    certificate = officer.post(
        f"/api/v1/cases/{permit.pk}/letters/", {"key": "work_permits/certificate"}, content_type=JSON
    )
    assert certificate.status_code == 400  # no certificate for a refused application
    letter = officer.post(
        f"/api/v1/cases/{permit.pk}/letters/", {"key": "work_permits/refusal"}, content_type=JSON
    )
    assert letter.status_code == 201
    with tenant_context(kn):
        permit.refresh_from_db()
        html = permit.letters.get().html
    assert permit.decided_on == TODAY and permit.permit_number == ""
    assert "Salary below the norm" in html and "Omar Brown" in html and "Below 3000." in html


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "message"),
    [
        (TODAY, months_after(TODAY, 12) + datetime.timedelta(days=1), "12 months at most"),
        (TODAY, TODAY, "must end after it starts"),
        (TODAY, TODAY - datetime.timedelta(days=10), "must end after it starts"),
    ],
)
def test_a_period_beyond_the_duration_or_out_of_order_is_refused(
    supervisor, employer, kn, valid_from, valid_until, message
):
    permit = _record(kn, employer)
    with tenant_context(kn):
        case_transition(case=permit, action="review", by=user_in(kn, "officer"))
    refused = _move(
        supervisor, permit.pk, "approve", 2, valid_from=str(valid_from), valid_until=str(valid_until)
    )
    assert refused.status_code == 400 and message in " ".join(refused.json()["errors"]["valid_until"])
    with tenant_context(kn):
        permit.refresh_from_db()
        assert permit.status == "under_review" and permit.valid_until is None and permit.permit_number == ""


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"citizenship": "XX"}, "citizenship", "is not a code of"),
        ({"citizenship": "KN"}, "citizenship", "needs no work permit"),
        ({"citizenship": None}, "citizenship", "null"),
        ({"country_of_birth": "ZZ"}, "country_of_birth", "is not a code of"),
        ({"worker_birth_date": str(TODAY.replace(year=TODAY.year - 15))}, "worker_birth_date", "at least 16"),
        ({"monthly_salary": "-1"}, "monthly_salary", "cannot be negative"),
        ({"duration_months": 0}, "duration_months", "at least one month"),
        ({"duration_months": 61}, "duration_months", "60 months at most"),
        ({"occupation": "51"}, "occupation", "is not a code of"),
        ({"education_level": "9"}, "education_level", "is not a code of"),
        ({"currency": "BTC"}, "currency", "not a valid choice"),
        ({"advertised_on": str(TODAY + datetime.timedelta(days=2))}, "advertised_on", "future"),
        ({"vacancy_advertised": False}, "advertised_on", "Tick"),
        ({"opened_on": str(TODAY + datetime.timedelta(days=1))}, "opened_on", "future"),
        ({"valid_from": str(TODAY)}, "valid_from", "Set when the application is decided"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(officer, employer, kn, change, field, message):
    with tenant_context(kn):
        before = WorkPermit.objects.count()
    refused = _apply(officer, employer.pk, **change)
    assert refused.status_code == 400, refused.content
    assert message in " ".join(refused.json()["errors"][field])
    with tenant_context(kn):
        assert WorkPermit.objects.count() == before


def test_a_decided_application_is_not_edited_and_decisions_are_not_typed(officer, employer, kn):
    pending = _record(kn, employer)
    typed = officer.patch(
        f"/api/v1/work_permits/{pending.pk}/", {"version": 1, "decided_on": str(TODAY)}, content_type=JSON
    )
    assert typed.status_code == 400 and "decided_on" in typed.json()["errors"]
    permit = _decide(kn, _record(kn, employer), "approve")
    changed = officer.patch(
        f"/api/v1/work_permits/{permit.pk}/",
        {"version": permit.version, "position": "Sous-chef"},
        content_type=JSON,
    )
    assert changed.status_code == 400 and "reopens it" in str(changed.json())
    assert officer.get(f"/api/v1/work_permits/{permit.pk}/").json()["position"] == "Cook"


def test_the_vacancy_link_is_a_vacancy_where_the_vacancies_module_is_used(officer, employer, kn):
    with tenant_context(kn):
        complaint = complaint_open(
            values={
                "complainant_name": "X",
                "complainant_sex": "F",
                "employer": employer,
                "category": code_lookup("complaint_category", "OTHER"),
            },
            by=user_in(kn, "officer"),
        )
    # Where vacancies are not recorded (the module is disabled), the form has no such field and the
    # link is refused.
    for dependant in dependants_of("vacancies"):  # modules built on vacancies (matching) go first
        module_disable(country=kn, key=dependant.manifest.key, by=None)
    module_disable(country=kn, key="vacancies", by=None)
    assert 'name="advertised_vacancy"' not in officer.get("/work_permits/new/").content.decode()
    refused = _apply(officer, employer.pk, advertised_vacancy=complaint.reference)
    assert refused.status_code == 400 and "advertised_vacancy" in refused.json()["errors"]
    with tenant_context(kn), pytest.raises(ValidationError, match="not recorded in this country"):
        _record(kn, employer, advertised_vacancy=Case.objects.get(pk=complaint.pk))

    module_enable(country=kn, key="vacancies", by=None)  # rolled back with the test
    assert 'name="advertised_vacancy"' in officer.get("/work_permits/new/").content.decode()
    # A case that is not a vacancy is refused, by the API and by the model's own check.
    not_a_vacancy = _apply(officer, employer.pk, advertised_vacancy=complaint.reference)
    assert not_a_vacancy.status_code == 400 and "does not exist" in str(
        not_a_vacancy.json()["errors"]["advertised_vacancy"]
    )
    with tenant_context(kn), pytest.raises(ValidationError, match="Choose a vacancy"):
        _record(kn, employer, advertised_vacancy=Case.objects.get(pk=complaint.pk))
    page = officer.post("/work_permits/new/", {**_form(employer), "advertised_vacancy": complaint.reference})
    assert f"No vacancy {complaint.reference}" in page.content.decode()
    with tenant_context(kn):
        assert not WorkPermit.objects.filter(worker_name="Ana Souza").exists()


def test_a_vacancy_of_the_employment_service_is_the_link_and_its_candidates_a_click_away(
    officer, employer, kn
):
    with tenant_context(kn):
        vacancy = vacancy_register(
            values={
                "employer": employer,
                "title": "Cook",
                "occupation": code_lookup("isco08", "5120"),
                "contract": "fixed_term",
                "closes_on": datetime.date.today() + datetime.timedelta(days=10),
            },
            by=user_in(kn, "officer"),
        )
    made = _apply(officer, employer.pk, advertised_vacancy=vacancy.reference, vacancy_advertised=True)
    assert made.status_code == 201, made.content
    assert made.json()["advertised_vacancy"] == vacancy.reference
    page = officer.get(f"/work_permits/{made.json()['id']}/").content.decode()
    assert f"/vacancies/{vacancy.pk}/" in page
    # Whether a national could fill it: the vacancy's ranked candidates, where matching is used.
    assert f"/matching/vacancies/{vacancy.pk}/" in page


def _form(employer, **extra) -> dict:
    return {
        "employer": str(employer.pk),
        "position": "Registered nurse",
        "occupation": "2221",
        "duration_months": "24",
        "monthly_salary": "5500",
        "currency": "XCD",
        "worker_name": "Ana Souza",
        "worker_sex": "F",
        "worker_birth_date": "1991-06-30",
        "citizenship": "BR",
        "country_of_birth": "BR",
        "passport_number": "FP123456",
        "no_suitable_national": "on",
        "labour_market_note": "No registered nurse among the job seekers.",
        "opened_on": str(TODAY),
        **extra,
    }


def test_the_pages_apply_review_approve_through_the_form_and_print_the_certificate(
    officer, supervisor, employer, kn
):
    page = officer.post("/work_permits/new/", _form(employer), follow=True)
    assert "is registered" in page.content.decode(), page.content.decode()
    with tenant_context(kn):
        permit = WorkPermit.objects.get(worker_name="Ana Souza")
    assert permit.citizenship.code == "BR" and permit.status == "received"
    officer.post(f"/cases/{permit.pk}/transition/", {"action": "review", "version": 1})
    assert officer.get(f"/cases/{permit.pk}/transition/approve/").status_code == 403
    form = supervisor.get(f"/cases/{permit.pk}/transition/approve/").content.decode()
    assert 'name="case-valid_from"' in form and 'name="case-valid_until"' in form
    done = supervisor.post(
        f"/cases/{permit.pk}/transition/approve/",
        {
            "case-valid_from": str(TODAY),
            "case-valid_until": str(A_YEAR_ON),
            "action": "approve",
            "version": 2,
        },
        follow=True,
    ).content.decode()
    assert "The case is now Approved." in done
    with tenant_context(kn):
        permit.refresh_from_db()
    assert permit.permit_number in done and "Apply for renewal" in done
    letter = supervisor.post(
        f"/cases/{permit.pk}/letters/", {"key": "work_permits/certificate", "language": "en"}, follow=True
    ).content.decode()
    assert permit.permit_number in letter and "Ana Souza" in letter and "Brazil" in letter
    listing = supervisor.get("/work_permits/?status=approved&citizenship=br").content.decode()
    assert permit.reference in listing


def test_the_approval_page_says_why_without_the_labour_market_test(officer, supervisor, employer, kn):
    officer.post("/work_permits/new/", {**_form(employer), "no_suitable_national": ""})
    with tenant_context(kn):
        permit = WorkPermit.objects.get(worker_name="Ana Souza")
    officer.post(f"/cases/{permit.pk}/transition/", {"action": "review", "version": 1})
    page = supervisor.post(
        f"/cases/{permit.pk}/transition/approve/",
        {
            "case-valid_from": str(TODAY),
            "case-valid_until": str(A_YEAR_ON),
            "action": "approve",
            "version": 2,
        },
    )
    assert page.status_code == 200
    assert "labour-market test is not done" in page.content.decode()
    with tenant_context(kn):
        permit.refresh_from_db()
    assert permit.status == "under_review" and permit.permit_number == ""


def test_a_refusal_through_the_page_needs_its_reason(supervisor, employer, kn):
    permit = _record(kn, employer)
    with tenant_context(kn):
        case_transition(case=permit, action="review", by=user_in(kn, "officer"))
    form = supervisor.get(f"/cases/{permit.pk}/transition/refuse/").content.decode()
    assert 'name="case-refusal_reason"' in form and "Security" in form
    without = supervisor.post(f"/cases/{permit.pk}/transition/refuse/", {"action": "refuse", "version": 2})
    assert "Needed to Refuse." in without.content.decode()
    with tenant_context(kn):
        permit.refresh_from_db()
        assert permit.status == "under_review"
        reason = code_lookup("permit_refusal_reason", "QUALIFICATIONS")
    done = supervisor.post(
        f"/cases/{permit.pk}/transition/refuse/",
        {"case-refusal_reason": reason.pk, "action": "refuse", "version": 2},
        follow=True,
    ).content.decode()
    assert "The case is now Refused." in done and "Qualifications not shown" in done


def test_a_renewal_is_a_new_application_prefilled_from_the_approved_permit(officer, supervisor, employer, kn):
    first = _decide(kn, _record(kn, employer), "approve")
    pending = _record(kn, employer, worker_name="Someone Else", passport_number="B1")
    assert officer.get(f"/work_permits/{pending.pk}/renew/").status_code == 404  # not approved
    page = officer.get(f"/work_permits/{first.pk}/renew/").content.decode()
    assert "Apply for renewal" in page and 'value="Omar Brown"' in page and 'value="A7654321"' in page
    saved = officer.post(
        f"/work_permits/{first.pk}/renew/",
        {
            **_form(employer),
            "position": "Cook",
            "occupation": "5120",
            "duration_months": "12",
            "worker_name": "Omar Brown",
            "worker_sex": "M",
            "worker_birth_date": "1990-01-15",
            "citizenship": "JM",
            "country_of_birth": "JM",
            "passport_number": "A7654321",
            "renewal_of": str(first.pk),
        },
        follow=True,
    )
    assert "is registered" in saved.content.decode(), saved.content.decode()
    with tenant_context(kn):
        renewal = WorkPermit.objects.get(renewal_of=first)
        officer_user = user_in(kn, "officer")
        case_transition(case=renewal, action="review", by=officer_user)
    # It starts when the permit it renews ends, or later.
    early = _move(supervisor, renewal.pk, "approve", 2, valid_from=str(TODAY), valid_until=str(A_YEAR_ON))
    assert early.status_code == 400 and "starts when the permit it renews ends" in str(early.json()["errors"])
    starts = first.valid_until
    later = _move(
        supervisor,
        renewal.pk,
        "approve",
        2,
        valid_from=str(starts),
        valid_until=str(months_after(starts, 12) - datetime.timedelta(days=1)),
    )
    assert later.status_code == 200, later.content
    assert officer.get("/api/v1/work_permits/?renewal=true").json()["count"] == 1


def test_only_an_approved_permit_of_the_same_worker_and_employer_is_renewed(officer, employer, kn):
    pending = _record(kn, employer)
    not_approved = _apply(officer, employer.pk, renewal_of=pending.pk)
    assert not_approved.status_code == 400 and "Only an approved permit" in str(not_approved.json()["errors"])
    first = _decide(kn, _record(kn, employer), "approve")
    other_worker = _apply(officer, employer.pk, renewal_of=first.pk)
    assert other_worker.status_code == 400 and "same worker" in str(other_worker.json()["errors"])
    with tenant_context(kn):
        before = WorkPermit.objects.filter(renewal_of__isnull=False).count()
    assert before == 0


def test_roles(employer, kn):
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    assert statistician.get("/api/v1/work_permits/").status_code == 200
    assert statistician.get("/work_permits/").status_code == 200
    assert statistician.get("/work_permits/export.xlsx").status_code == 200
    assert _apply(statistician, employer.pk).status_code == 403
    assert statistician.get("/work_permits/new/").status_code == 403
    submitter = sign_in(client_for("kn.localhost"), kn, "agency_submitter")
    assert submitter.get("/api/v1/work_permits/").status_code == 403
    assert submitter.get("/work_permits/").status_code == 403
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    pk = _apply(officer, employer.pk).json()["id"]
    assert (
        officer.post(f"/api/v1/cases/{pk}/assign/", {"officer": "officer"}, content_type=JSON).status_code
        == 403
    )
    assert officer.get("/work_permits/export.xlsx").status_code == 403
    assert _move(officer, pk, "review", 1).status_code == 200
    denied = _move(officer, pk, "approve", 2, valid_from=str(TODAY), valid_until=str(A_YEAR_ON))
    assert denied.status_code == 403
    with tenant_context(kn):
        permit = WorkPermit.objects.get(pk=pk)
        assert permit.status == "under_review" and permit.valid_from is None and permit.version == 2
    commissioner = sign_in(client_for("kn.localhost"), kn, "commissioner")
    allowed = _move(commissioner, pk, "approve", 2, valid_from=str(TODAY), valid_until=str(A_YEAR_ON))
    assert allowed.status_code == 200


def test_lists_filter_by_what_a_permit_office_asks(officer, employer, kn):
    with tenant_context(kn):
        china, bricklayer = code_lookup("iso3166", "CN"), code_lookup("isco08", "7112")
    soon = _decide(kn, _record(kn, employer), "approve", valid_until=TODAY + datetime.timedelta(days=20))
    chinese = _record(
        kn, employer, worker_name="Li Na", worker_sex="F", passport_number="E99", citizenship=china
    )
    _decide(kn, chinese, "approve")
    _record(kn, employer, worker_name="Jean-Robert Louis", passport_number="HT555", occupation=bricklayer)

    def found(query: str) -> set[str]:
        return {row["worker_name"] for row in officer.get(f"/api/v1/work_permits/?{query}").json()["results"]}

    assert found("expiring_within=30") == {"Omar Brown"}
    assert found("expiring_within=400") == {"Omar Brown", "Li Na"}
    assert found("citizenship=cn") == {"Li Na"}
    assert found("occupation=7") == {"Jean-Robert Louis"}
    assert found("q=HT555") == {"Jean-Robert Louis"}
    assert found(f"q={soon.permit_number}") == {"Omar Brown"}
    assert found("worker_sex=F") == {"Li Na"}
    assert found(f"decided_after={TODAY}&decided_before={TODAY}") == {"Omar Brown", "Li Na"}
    assert found("renewal=false&status=received") == {"Jean-Robert Louis"}
    page = officer.get("/work_permits/?expiring_within=30").content.decode()
    assert soon.reference in page and "Li Na" not in page


def test_report_counts_equal_the_records(kn, employer):
    with tenant_context(kn):
        farm = employer_save(
            values={"name": "Farms", "isic": code_lookup("isic4", "0113")}, version=None, by=None
        )
    approved = [
        {"worker_sex": "F", "citizenship": "GY", "occupation": "2221", "employer": employer},
        {"worker_sex": "M", "citizenship": "GY", "occupation": "5120", "employer": employer},
        {"worker_sex": "M", "citizenship": "IN", "occupation": "6111", "employer": farm},
        {"worker_sex": "F", "citizenship": "JM", "occupation": "5120", "employer": employer},
    ]
    refused = [
        {"worker_sex": "F", "citizenship": "GY", "refusal_reason": "NATIONAL"},
        {"worker_sex": "M", "citizenship": "VE", "refusal_reason": "NATIONAL"},
        {"worker_sex": "M", "citizenship": "VE", "refusal_reason": "SECURITY"},
    ]
    for index, values in enumerate(approved):
        with tenant_context(kn):
            coded = {
                "citizenship": code_lookup("iso3166", values["citizenship"]),
                "country_of_birth": code_lookup("iso3166", values["citizenship"]),
                "occupation": code_lookup("isco08", values["occupation"]),
            }
        _decide(
            kn,
            _record(
                kn, values["employer"], worker_sex=values["worker_sex"], passport_number=f"P{index}", **coded
            ),
            "approve",
        )
    with tenant_context(kn):
        first = (
            WorkPermit.objects.select_related("citizenship", "occupation")
            .filter(status="approved", employer=employer)
            .order_by("pk")
            .first()
        )
    renewal = _record(
        kn,
        employer,
        renewal_of=first,
        worker_name=first.worker_name,
        worker_sex=first.worker_sex,
        citizenship=first.citizenship,
        occupation=first.occupation,
        passport_number=first.passport_number,
        worker_birth_date=first.worker_birth_date,
    )
    _decide(
        kn,
        renewal,
        "approve",
        valid_from=first.valid_until,
        valid_until=months_after(first.valid_until, 12) - datetime.timedelta(days=1),
    )
    for values in refused:
        with tenant_context(kn):
            citizenship = code_lookup("iso3166", values["citizenship"])
            reason = code_lookup("permit_refusal_reason", values["refusal_reason"])
        _decide(
            kn,
            _record(kn, employer, worker_sex=values["worker_sex"], citizenship=citizenship),
            "refuse",
            refusal_reason=reason,
        )
    _record(kn, employer)  # received, not decided: in no table of decisions

    with tenant_context(kn):
        period = period_parse(str(TODAY.year))
        grids = {
            table.key: table.grid(period)
            for table in (
                APPROVED_BY_CITIZENSHIP_AND_SEX,
                APPROVED_BY_OCCUPATION_AND_SEX,
                APPROVED_BY_ACTIVITY_AND_SEX,
                FIRST_AND_RENEWALS,
                REFUSED_BY_CITIZENSHIP_AND_SEX,
                REFUSED_BY_REASON_AND_SEX,
            )
        }
        workflow = WORKFLOW.grid(period)
        decided = list(
            WorkPermit.objects.filter(decided_on__year=TODAY.year).values(
                "status",
                "worker_sex",
                "citizenship__title",
                "occupation__path",
                "employer__isic__path",
                "refusal_reason__title",
                "renewal_of",
            )
        )
        open_permits = WorkPermit.objects.filter(closed_on__isnull=True).count()

    def cells(grid) -> Counter:
        columns = [value for value, _label in grid.columns]
        return Counter(
            {
                (label, column): count
                for label, counts, _total in grid.rows
                for column, count in zip(columns, counts, strict=True)
                if count
            }
        )

    def expected(status: str, row) -> Counter:
        return Counter((row(r), r["worker_sex"]) for r in decided if r["status"] == status)

    approved_rows = expected("approved", lambda r: r["citizenship__title"])
    assert cells(grids["work-permits-approved-by-citizenship-and-sex"]) == approved_rows
    assert sum(approved_rows.values()) == 5
    by_group = Counter(
        (label[0], sex)
        for (label, sex), n in cells(grids["work-permits-approved-by-occupation-and-sex"]).items()
        for _ in range(n)
    )
    assert by_group == expected("approved", lambda r: r["occupation__path"][0])
    by_section = Counter(
        (label[0], sex)
        for (label, sex), n in cells(grids["work-permits-approved-by-activity-and-sex"]).items()
        for _ in range(n)
    )
    assert by_section == expected("approved", lambda r: r["employer__isic__path"][0])
    renewals = cells(grids["work-permits-first-and-renewals"])
    assert renewals == expected("approved", lambda r: "Renewals" if r["renewal_of"] else "First permits")
    assert cells(grids["work-permits-refused-by-citizenship-and-sex"]) == expected(
        "refused", lambda r: r["citizenship__title"]
    )
    assert cells(grids["work-permits-refused-by-reason-and-sex"]) == expected(
        "refused", lambda r: r["refusal_reason__title"]
    )
    assert grids["work-permits-refused-by-reason-and-sex"].total == 3
    # Every reason is a row, with refusals or not.
    assert len(grids["work-permits-refused-by-reason-and-sex"].rows) == 6
    assert workflow.total == open_permits == 1


def test_a_kn_permit_is_not_found_at_lc(kn, lc, employer):
    permit = _decide(kn, _record(kn, employer), "approve")
    lc_officer = sign_in(client_for("lc.localhost"), lc, "officer")
    for url in (
        f"/work_permits/{permit.pk}/",
        f"/work_permits/{permit.pk}/renew/",
        f"/api/v1/work_permits/{permit.pk}/",
        f"/api/v1/cases/{permit.pk}/events/",
    ):
        assert lc_officer.get(url).status_code == 404, url
    assert permit.worker_name not in lc_officer.get("/work_permits/").content.decode()


def test_a_disabled_module_has_no_menu_pages_or_api(kn, employer):
    permit = _record(kn, employer)
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert 'href="/work_permits/"' in officer.get("/").content.decode()
    module_disable(country=kn, key="work_permits", by=None)
    assert 'href="/work_permits/"' not in officer.get("/").content.decode()
    for url in (
        "/work_permits/",
        "/work_permits/new/",
        f"/work_permits/{permit.pk}/",
        "/api/v1/work_permits/",
        f"/api/v1/work_permits/{permit.pk}/",
        f"/api/v1/cases/{permit.pk}/events/",
    ):
        assert officer.get(url).status_code == 404, url
    module_enable(country=kn, key="work_permits", by=None)
    assert officer.get("/work_permits/").status_code == 200


def test_the_api_is_in_the_openapi_schema(kn_client):
    paths = kn_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/work_permits/"])
    assert {"get", "put", "patch"} <= set(paths["/api/v1/work_permits/{id}/"])


def test_the_demo_is_about_forty_permits_at_every_stage_once(kn):
    from modules.employers.demo import employers_demo

    with tenant_context(kn):
        employers_demo(kn)
        added = work_permits_demo(kn)
        again = work_permits_demo(kn)
        statuses = Counter(WorkPermit.objects.values_list("status", flat=True))
        citizenships = set(WorkPermit.objects.values_list("citizenship__code", flat=True))
        renewals = WorkPermit.objects.filter(renewal_of__isnull=False).count()
        refusals = WorkPermit.objects.filter(status="refused")
        refused_without_reason = refusals.filter(refusal_reason__isnull=True).count()
        approved = WorkPermit.objects.filter(status="approved")
        approved_without_number = approved.filter(permit_number="").count()
        by_sector = set(approved.values_list("employer__isic__path", flat=True))
    assert added == 40 and again == 0
    assert set(statuses) == {"received", "under_review", "approved", "refused", "withdrawn"}
    assert {"GY", "JM", "DM"} & citizenships and {"CN", "IN", "VE", "DO"} & citizenships
    assert "KN" not in citizenships
    assert renewals == 4
    assert statuses["refused"] and refused_without_reason == 0
    assert statuses["approved"] >= 15 and approved_without_number == 0
    assert {path[0] for path in by_sector} >= {"F", "I", "Q"}
