"""Complaints (Form 12): lifecycle through the API and pages, roles, refusals, reports, letters, isolation."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.db.models import Count
from django_tenants.utils import tenant_context

from modules.complaints.models import Complaint
from modules.complaints.reports import (
    AMOUNTS_BY_CATEGORY,
    BY_CATEGORY_AND_SEX,
    BY_DISTRICT_AND_CATEGORY,
    BY_NATIONALITY_AND_SEX,
    WORKFLOW,
)
from modules.complaints.services import complaint_open
from modules.employers.services import employer_save
from modules.reference.models import Code
from modules.reference.selectors import code_lookup
from modules.reports.periods import period_parse
from tests.support import client_for, sign_in, user_in

TODAY = datetime.date.today()


@pytest.fixture
def employer(kn):
    with tenant_context(kn):
        return employer_save(
            values={"name": "Frigate Bay Resort", "registration_number": "C-9001"}, version=None, by=None
        )


@pytest.fixture
def officer(kn):
    return sign_in(client_for("kn.localhost"), kn, "officer")


@pytest.fixture
def supervisor(kn):
    return sign_in(client_for("kn.localhost"), kn, "supervisor")


def _new(client, employer_pk, **extra):
    payload = {
        "complainant_name": "Cavel Mills",
        "complainant_sex": "F",
        "employer": employer_pk,
        "category": "WAGES",
        "occupation": "5131",
        "complainant_nationality": "GY",
        "amount_claimed": "1200.00",
        **extra,
    }
    return client.post("/api/v1/complaints/", payload, content_type="application/json")


def test_a_complaint_goes_through_its_life_by_the_api(officer, supervisor, employer, kn):
    made = _new(officer, employer.pk)
    assert made.status_code == 201, made.content
    complaint = made.json()
    assert complaint["reference"].startswith("CMP-") and complaint["status"] == "received"
    assert complaint["category_title"] == "Unpaid wages" and complaint["occupation_title"] == "Waiters"
    pk = complaint["id"]

    assigned = supervisor.post(
        f"/api/v1/cases/{pk}/assign/",
        {"officer": "officer", "due_on": str(TODAY)},
        content_type="application/json",
    )
    assert assigned.status_code == 200 and assigned.json()["version"] == 2
    moved = officer.post(
        f"/api/v1/cases/{pk}/transitions/",
        {"action": "investigate", "version": 2},
        content_type="application/json",
    )
    assert moved.status_code == 200 and moved.json()["status"] == "investigating"
    hearing = officer.post(
        f"/api/v1/complaints/{pk}/hearings/",
        {"held_on": str(TODAY), "attended": "Both"},
        content_type="application/json",
    )
    assert hearing.status_code == 201
    minutes = officer.patch(
        f"/api/v1/complaints/hearings/{hearing.json()['id']}/",
        {"minutes": "The employer will pay by Friday.", "version": 1},
        content_type="application/json",
    )
    assert minutes.status_code == 200 and minutes.json()["minutes"] == "The employer will pay by Friday."

    # An officer cannot settle; a supervisor can, with the outcome and the date it requires.
    forbidden = officer.post(
        f"/api/v1/cases/{pk}/transitions/",
        {"action": "settle", "version": 3, "values": {"outcome": "settled", "settled_on": str(TODAY)}},
        content_type="application/json",
    )
    assert forbidden.status_code == 403
    missing = supervisor.post(
        f"/api/v1/cases/{pk}/transitions/",
        {"action": "settle", "version": 3},
        content_type="application/json",
    )
    assert missing.status_code == 400 and set(missing.json()["errors"]) == {"outcome", "settled_on"}
    settled = supervisor.post(
        f"/api/v1/cases/{pk}/transitions/",
        {
            "action": "settle",
            "version": 3,
            "values": {"outcome": "partly", "settled_on": str(TODAY), "amount_recovered": "900.00"},
        },
        content_type="application/json",
    )
    assert settled.status_code == 200 and settled.json()["status"] == "settled"

    letter = officer.post(
        f"/api/v1/cases/{pk}/letters/",
        {"key": "complaints/settlement", "language": "en"},
        content_type="application/json",
    )
    assert letter.status_code == 201
    events = [e["kind"] for e in officer.get(f"/api/v1/cases/{pk}/events/").json()["results"]]
    assert events == ["opened", "assigned", "status", "meeting", "status", "letter"]
    with tenant_context(kn):
        done = Complaint.objects.get(pk=pk)
        assert done.amount_recovered == Decimal("900.00") and done.closed_on == TODAY
        html = done.letters.get().html
    assert "Cavel Mills" in html and "Frigate Bay Resort" in html and "900.00" in html


def test_a_new_employer_is_registered_with_the_complaint(officer, kn):
    made = _new(officer, None, new_employer="Sandy Point Bakery")
    assert made.status_code == 201, made.content
    assert made.json()["employer_name"] == "Sandy Point Bakery"
    neither = _new(officer, None)
    assert neither.status_code == 400 and "employer" in neither.json()["errors"]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"amount_claimed": "-5"}, "amount_claimed", "cannot be negative"),
        (
            {"complainant_birth_date": str(TODAY + datetime.timedelta(days=1))},
            "complainant_birth_date",
            "before",
        ),
        ({"opened_on": str(TODAY + datetime.timedelta(days=3))}, "opened_on", "future"),
        ({"due_on": str(TODAY - datetime.timedelta(days=400))}, "due_on", "before the case was opened"),
        ({"occupation": "9999"}, "occupation", "Did you mean"),
        ({"category": "NOPE"}, "category", "is not a code of Complaint categories"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(officer, employer, kn, change, field, message):
    with tenant_context(kn):
        before = Complaint.objects.count()
    refused = _new(officer, employer.pk, **change)
    assert refused.status_code == 400, refused.content
    assert message in " ".join(refused.json()["errors"][field])
    with tenant_context(kn):
        assert Complaint.objects.count() == before


def test_the_pages_register_settle_through_the_form_and_print(officer, supervisor, employer, kn):
    page = officer.post(
        "/complaints/new/",
        {
            "complainant_name": "Junior Browne",
            "complainant_sex": "M",
            "employer": employer.pk,
            "category": "DISMISSAL",
            "opened_on": str(TODAY),
        },
        follow=True,
    )
    assert "is registered" in page.content.decode()
    with tenant_context(kn):
        complaint = Complaint.objects.get(complainant_name="Junior Browne")
    officer.post(f"/cases/{complaint.pk}/transition/", {"action": "investigate", "version": 1})
    assert officer.get(f"/cases/{complaint.pk}/transition/settle/").status_code == 403
    form = supervisor.get(f"/cases/{complaint.pk}/transition/settle/").content.decode()
    assert 'name="case-outcome"' in form and 'name="case-settled_on"' in form
    done = supervisor.post(
        f"/cases/{complaint.pk}/transition/settle/",
        {"case-outcome": "settled", "case-settled_on": str(TODAY), "action": "settle", "version": 2},
        follow=True,
    )
    assert "The case is now Settled." in done.content.decode()
    listing = supervisor.get("/complaints/?status=settled").content.decode()
    assert complaint.reference in listing


def test_report_counts_equal_the_records(kn, employer):
    with tenant_context(kn):
        officer = user_in(kn, "officer")
        for index, (sex, category) in enumerate(
            (("F", "WAGES"), ("F", "WAGES"), ("M", "WAGES"), ("M", "OSH"))
        ):
            complaint_open(
                values={
                    "complainant_name": f"P{index}",
                    "complainant_sex": sex,
                    "employer": employer,
                    "category": code_lookup("complaint_category", category),
                    "amount_claimed": Decimal("100"),
                },
                by=officer,
            )
        period = period_parse(str(TODAY.year))
        grid = BY_CATEGORY_AND_SEX.grid(period)
        expected = {
            (row["category__title"], row["complainant_sex"]): row["n"]
            for row in Complaint.objects.filter(opened_on__year=TODAY.year)
            .values("category__title", "complainant_sex")
            .annotate(n=Count("pk"))
        }
        amounts = AMOUNTS_BY_CATEGORY.grid(period)
        workflow = WORKFLOW.grid(period)
        open_complaints = Complaint.objects.filter(closed_on__isnull=True).count()
    sexes = [value for value, _label in grid.columns]
    for label, counts, _total in grid.rows:
        for sex, count in zip(sexes, counts, strict=True):
            assert count == expected.get((label, sex), 0)
    assert grid.total == sum(expected.values())
    wages = next(counts for label, counts, _total in amounts.rows if label == "Unpaid wages")
    assert wages[0] == Decimal("300")
    assert workflow.total == open_complaints


def test_tables_by_nationality_and_by_district_equal_the_records(kn):
    with tenant_context(kn):
        officer = user_in(kn, "officer")
        inland = employer_save(
            values={"name": "Sandy Point Farms", "district": code_lookup("district", "KN-10")},
            version=None,
            by=None,
        )
        for sex, nationality, category in (
            ("F", "GY", "WAGES"),
            ("F", "GY", "OSH"),
            ("M", "DM", "WAGES"),
            ("M", None, "WAGES"),
        ):
            complaint_open(
                values={
                    "complainant_name": "P",
                    "complainant_sex": sex,
                    "complainant_nationality": nationality and code_lookup("iso3166", nationality),
                    "employer": inland,
                    "category": code_lookup("complaint_category", category),
                },
                by=officer,
            )
        period = period_parse(str(TODAY.year))
        by_nationality = BY_NATIONALITY_AND_SEX.grid(period)
        by_district = BY_DISTRICT_AND_CATEGORY.grid(period)
        nationalities = Counter(
            Complaint.objects.filter(opened_on__year=TODAY.year).values_list(
                "complainant_nationality__title", "complainant_sex"
            )
        )
        districts = Counter(
            Complaint.objects.filter(opened_on__year=TODAY.year).values_list(
                "employer__district__title", "category__title"
            )
        )
        district_titles = {title for title, _count, _total in by_district.rows}
        every_district = set(
            Code.objects.filter(classification__key="district", active=True).values_list("title", flat=True)
        )
    sexes = [value for value, _label in by_nationality.columns]
    for label, counts, _total in by_nationality.rows:
        title = None if label == "not recorded" else label
        for sex, count in zip(sexes, counts, strict=True):
            assert count == nationalities.get((title, sex), 0), (label, sex)
    assert by_nationality.total == sum(nationalities.values())
    assert "Guyana" in {label for label, _counts, _total in by_nationality.rows}
    categories = [label for _value, label in by_district.columns]
    for label, counts, _total in by_district.rows:
        title = None if label == "not recorded" else label
        for category, count in zip(categories, counts, strict=True):
            assert count == districts.get((title, category), 0), (label, category)
    assert by_district.total == sum(districts.values())
    # Every district is a row, also those without a complaint; nationalities only where there is one.
    assert every_district <= district_titles
    assert len(by_nationality.rows) == len({nationality for nationality, _sex in nationalities})


def test_a_kn_complaint_is_not_found_at_lc(kn, lc, employer):
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
    lc_officer = sign_in(client_for("lc.localhost"), lc, "officer")
    for url in (
        f"/complaints/{complaint.pk}/",
        f"/api/v1/complaints/{complaint.pk}/",
        f"/api/v1/complaints/{complaint.pk}/hearings/",
        f"/api/v1/cases/{complaint.pk}/events/",
    ):
        assert lc_officer.get(url).status_code == 404, url
