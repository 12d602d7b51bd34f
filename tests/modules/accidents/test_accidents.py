"""Occupational accidents and diseases: lifecycle through the API and pages, roles, refusals, reports
(SDG 8.8.1 by sex and migrant status, and lines f and g of the C81 report), letters, the optional
inspection link, isolation and demo data."""

import datetime
from collections import Counter

import pytest
from django_tenants.utils import tenant_context

from modules.accidents.demo import accidents_demo
from modules.accidents.models import Accident, MedicalReport
from modules.accidents.reports import (
    ACCIDENTS_BY_SECTION_AND_SEX,
    DAYS_LOST_BY_SECTION,
    DISEASES_BY_SECTION_AND_SEX,
    INJURIES_SDG_881,
    WORKFLOW,
)
from modules.accidents.services import accident_register
from modules.casework.letters import letter_render
from modules.casework.models import CaseEvent
from modules.employers.services import employer_save
from modules.inspections.reports import C81_ANNUAL_REPORT
from modules.inspections.services import inspection_open
from modules.reference.selectors import code_lookup
from modules.reports.periods import period_parse
from modules.workplaces.services import workplace_save
from tenants.models import ModuleEnablement
from tests.support import client_for, sign_in, user_in

TODAY = datetime.date.today()
WEEK_AGO = TODAY - datetime.timedelta(days=7)
JSON = "application/json"


@pytest.fixture
def employer(kn):
    with tenant_context(kn):
        return employer_save(
            values={
                "name": "Basseterre Builders",
                "registration_number": "C-7001",
                "isic": code_lookup("isic4", "4100"),
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


def _notify(client, employer_pk, **extra):
    payload = {
        "notified_on": str(WEEK_AGO),
        "notified_by": "Site manager",
        "person_name": "Dwayne Hodge",
        "person_sex": "M",
        "person_age": 34,
        "nationality": "GY",
        "occupation": "7112",
        "employer": employer_pk,
        "occurred_on": str(WEEK_AGO),
        "place": "Building site, Bay Road",
        "injury_type": "FRACTURE",
        "body_part": "LOWER",
        "agency": "FALLS",
        "days_lost": 30,
        **extra,
    }
    return client.post("/api/v1/accidents/", payload, content_type=JSON)


def _move(client, pk, action, version, **values):
    payload = {"action": action, "version": version, "values": values}
    return client.post(f"/api/v1/cases/{pk}/transitions/", payload, content_type=JSON)


def test_an_accident_goes_through_its_life_by_the_api(officer, supervisor, employer, kn):
    made = _notify(officer, employer.pk, injury_type=None, body_part=None, agency=None)
    assert made.status_code == 201, made.content
    accident = made.json()
    assert accident["reference"].startswith("OAD-") and accident["status"] == "notified"
    assert accident["isic"] == "4100"  # the employer's
    pk = accident["id"]

    assert (
        supervisor.post(f"/api/v1/cases/{pk}/assign/", {"officer": "officer"}, content_type=JSON).status_code
        == 200
    )
    assert _move(officer, pk, "investigate", 2).status_code == 200
    report = officer.post(
        f"/api/v1/accidents/{pk}/medical-reports/",
        {
            "practitioner": "Dr. A. Williams",
            "reported_on": str(TODAY),
            "diagnosis": "Fractured tibia",
            "days_incapacity": 42,
        },
        content_type=JSON,
    )
    assert report.status_code == 201, report.content
    assert _move(officer, pk, "close", 3).status_code == 403
    # The injury is to be coded before an accident's case is closed.
    uncoded = _move(supervisor, pk, "close", 3)
    assert uncoded.status_code == 400 and set(uncoded.json()["errors"]) == {
        "injury_type",
        "body_part",
        "agency",
    }
    closed = _move(
        supervisor, pk, "close", 3, injury_type="FRACTURE", body_part="LOWER", agency="FALLS", days_lost=42
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"

    letter = officer.post(
        f"/api/v1/cases/{pk}/letters/", {"key": "accidents/acknowledgment"}, content_type=JSON
    )
    assert letter.status_code == 201, letter.content
    events = [e["kind"] for e in officer.get(f"/api/v1/cases/{pk}/events/").json()["results"]]
    assert events == ["opened", "assigned", "status", "note", "status", "letter"]
    with tenant_context(kn):
        done = Accident.objects.get(pk=pk)
        assert done.closed_on == TODAY and done.days_lost == 42 and done.injury_type.code == "FRACTURE"
        html = done.letters.get().html
        letter_pk = done.letters.get().pk
    assert "Basseterre Builders" in html and "Dwayne Hodge" in html and "Site manager" in html
    assert "accident at work" in html
    # Each kind of notification is one whole sentence, so a translation can order it freely.
    with tenant_context(kn):
        dutch = letter_render(done, "accidents/acknowledgment", "nl").html
    assert "de Afdeling Arbeid in kennis gesteld van een arbeidsongeval dat Dwayne Hodge op" in dutch
    pdf = officer.get(f"/cases/{pk}/letters/{letter_pk}/?format=pdf")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"occurred_on": str(TODAY + datetime.timedelta(days=1))}, "occurred_on", "future"),
        ({"notified_on": str(WEEK_AGO - datetime.timedelta(days=1))}, "notified_on", "before it happened"),
        ({"notified_on": str(TODAY), "opened_on": str(WEEK_AGO)}, "notified_on", "after it was registered"),
        ({"person_birth_date": str(TODAY)}, "person_birth_date", "before the accident"),
        ({"person_birth_date": "1990-01-01", "person_age": 20}, "person_age", "gives an age of"),
        ({"person_age": 150}, "person_age", "100"),
        ({"person_age": None}, "person_age", "Give the age or the date of birth"),
        ({"person_age": -3}, "person_age", "greater than or equal to 0"),
        ({"days_lost": -1}, "days_lost", "cannot be negative"),
        ({"injury_type": "NOPE"}, "injury_type", "is not a code of"),
        ({"body_part": "FRACTURE"}, "body_part", "is not a code of"),
        ({"nationality": "XX"}, "nationality", "is not a code of"),
        ({"person_sex": "X"}, "person_sex", "not a valid choice"),
        ({"employer": None}, "employer", "null"),
        ({"inspection_visit": "CMP-00001/2026"}, "inspection_visit", "does not exist"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(officer, employer, kn, change, field, message):
    with tenant_context(kn):
        before = Accident.objects.count()
    refused = _notify(officer, employer.pk, **change)
    assert refused.status_code == 400, refused.content
    assert message in " ".join(refused.json()["errors"][field])
    with tenant_context(kn):
        assert Accident.objects.count() == before


def test_a_workplace_of_another_employer_is_refused(officer, employer, kn):
    with tenant_context(kn):
        other = employer_save(values={"name": "Other"}, version=None, by=None)
        site = workplace_save(employer=other, values={"name": "Yard"}, version=None, by=None)
    refused = _notify(officer, employer.pk, workplace=site.pk)
    assert refused.status_code == 400 and "workplace of the employer" in str(
        refused.json()["errors"]["workplace"]
    )


def test_a_medical_report_before_the_accident_is_refused_and_nothing_is_saved(officer, employer, kn):
    pk = _notify(officer, employer.pk).json()["id"]
    refused = officer.post(
        f"/api/v1/accidents/{pk}/medical-reports/",
        {
            "practitioner": "Dr. B",
            "reported_on": str(WEEK_AGO - datetime.timedelta(days=2)),
            "diagnosis": "x",
        },
        content_type=JSON,
    )
    assert refused.status_code == 400 and "before the accident" in str(
        refused.json()["errors"]["reported_on"]
    )
    negative = officer.post(
        f"/api/v1/accidents/{pk}/medical-reports/",
        {"practitioner": "Dr. B", "reported_on": str(TODAY), "diagnosis": "x", "days_incapacity": -4},
        content_type=JSON,
    )
    assert negative.status_code == 400
    with tenant_context(kn):
        assert not MedicalReport.objects.exists()
        assert not CaseEvent.objects.filter(case_id=pk, kind="note").exists()


def test_findings_on_the_spot_link_an_inspection_where_inspections_are_used(officer, employer, kn):
    with tenant_context(kn):
        site = workplace_save(employer=employer, values={"name": "Bay Road site"}, version=None, by=None)
        inspection = inspection_open(values={"kind": "planned", "workplace": site}, by=user_in(kn, "officer"))
    made = _notify(
        officer,
        employer.pk,
        workplace=site.pk,
        inspection_visit=inspection.reference,
        spot_findings="No harness.",
    )
    assert made.status_code == 201, made.content
    assert made.json()["inspection_visit"] == inspection.reference
    page = officer.get(f"/accidents/{made.json()['id']}/").content.decode()
    assert inspection.reference in page and "No harness." in page

    with tenant_context(kn):  # a country without the inspections module (rolled back with the test)
        ModuleEnablement.objects.filter(country=kn, module="inspections").delete()
    refused = _notify(officer, employer.pk, inspection_visit=inspection.reference)
    assert refused.status_code == 400 and "not recorded in this country" in str(refused.json())
    assert 'name="inspection_visit"' not in officer.get("/accidents/new/").content.decode()


def test_roles(employer, kn):
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    assert statistician.get("/api/v1/accidents/").status_code == 200
    assert statistician.get("/accidents/").status_code == 200
    assert _notify(statistician, employer.pk).status_code == 403
    assert statistician.get("/accidents/new/").status_code == 403
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    pk = _notify(officer, employer.pk).json()["id"]
    assert (
        officer.post(f"/api/v1/cases/{pk}/assign/", {"officer": "officer"}, content_type=JSON).status_code
        == 403
    )
    assert officer.get("/accidents/export.xlsx").status_code == 403
    assert (
        sign_in(client_for("kn.localhost"), kn, "supervisor").get("/accidents/export.xlsx").status_code == 200
    )


def test_the_pages_register_report_and_close(officer, supervisor, employer, kn):
    page = officer.post(
        "/accidents/new/",
        {
            "notified_on": str(WEEK_AGO),
            "notified_by": "Owner",
            "person_name": "Marisa Pinas",
            "person_sex": "F",
            "person_age": "41",
            "employer": str(employer.pk),
            "occurred_on": str(WEEK_AGO),
            "is_disease": "on",
            "days_lost": "3",
            "opened_on": str(TODAY),
        },
        follow=True,
    )
    assert "is registered" in page.content.decode(), page.content.decode()
    with tenant_context(kn):
        accident = Accident.objects.get(person_name="Marisa Pinas")
    assert accident.is_disease and accident.isic.code == "4100"
    officer.post(f"/cases/{accident.pk}/transition/", {"action": "investigate", "version": 1})
    officer.post(
        f"/accidents/{accident.pk}/medical-reports/new/",
        {
            "practitioner": "Dr. C",
            "reported_on": str(TODAY),
            "diagnosis": "Contact dermatitis",
            "days_incapacity": "3",
        },
    )
    form = supervisor.get(f"/cases/{accident.pk}/transition/close/").content.decode()
    assert 'name="case-injury_type"' in form and "Fractures" in form
    done = supervisor.post(
        f"/cases/{accident.pk}/transition/close/",
        {"case-days_lost": "3", "action": "close", "version": 2},
        follow=True,
    ).content.decode()
    assert (
        "The case is now Closed." in done and "Contact dermatitis" in done
    )  # a disease needs no injury codes
    assert accident.reference in supervisor.get("/accidents/?is_disease=true&status=closed").content.decode()


def _record(kn, employer, **values):
    with tenant_context(kn):
        return accident_register(
            values={
                "notified_by": "HR",
                "person_name": "P",
                "person_sex": "F",
                "person_birth_date": datetime.date(1990, 5, 17),
                "employer": employer,
                "occurred_on": WEEK_AGO,
                "notified_on": WEEK_AGO,
                **values,
            },
            by=user_in(kn, "officer"),
        )


def test_report_counts_equal_the_records(kn, employer):
    with tenant_context(kn):
        bakery = employer_save(
            values={"name": "Bakery", "isic": code_lookup("isic4", "1071")}, version=None, by=None
        )
    cases = [
        {"person_sex": "F", "nationality": "KN", "days_lost": 5},
        {"person_sex": "F", "nationality": "GY", "days_lost": 10},
        {"person_sex": "M", "nationality": "GY", "fatal": True},
        {"person_sex": "M", "nationality": None, "days_lost": 2, "employer": bakery},
        {"person_sex": "M", "nationality": "KN", "is_disease": True, "days_lost": 20},
        {"person_sex": "F", "nationality": "JM", "is_disease": True, "fatal": True},
    ]
    for case in cases:
        nationality = case.pop("nationality")
        with tenant_context(kn):
            code = code_lookup("iso3166", nationality) if nationality else None
        _record(kn, case.pop("employer", employer), nationality=code, **case)
    with tenant_context(kn):
        period = period_parse(str(TODAY.year))
        accidents = ACCIDENTS_BY_SECTION_AND_SEX.grid(period)
        diseases = DISEASES_BY_SECTION_AND_SEX.grid(period)
        sdg = INJURIES_SDG_881.grid(period)
        days = DAYS_LOST_BY_SECTION.grid(period)
        workflow = WORKFLOW.grid(period)
        c81 = {label: counts for label, counts, _total in C81_ANNUAL_REPORT.grid(period).rows}
        records = list(
            Accident.objects.filter(occurred_on__year=TODAY.year).values(
                "is_disease", "fatal", "person_sex", "nationality__code", "isic__path", "days_lost"
            )
        )
        open_cases = Accident.objects.filter(closed_on__isnull=True).count()

    # Independently: injuries are accidents (not diseases); a migrant's nationality is not KN.
    def status(record):
        code = record["nationality__code"]
        return "unknown" if code is None else "national" if code == "KN" else "migrant"

    expected_sdg = Counter(
        ("fatal" if r["fatal"] else "non_fatal", f"{r['person_sex']}-{status(r)}")
        for r in records
        if not r["is_disease"]
    )
    columns = [value for value, _label in sdg.columns]
    rows = {"Fatal": "fatal", "Non-fatal": "non_fatal"}
    for label, counts, _total in sdg.rows:
        for column, count in zip(columns, counts, strict=True):
            assert count == expected_sdg[(rows[label], column)], (label, column)
    assert sdg.total == 4
    assert dict(zip(columns, sdg.column_totals, strict=True))["F-migrant"] == 1

    expected_accidents = Counter(
        (r["isic__path"][0], r["person_sex"]) for r in records if not r["is_disease"]
    )
    sexes = [value for value, _label in accidents.columns]
    for label, counts, _total in accidents.rows:
        for sex, count in zip(sexes, counts, strict=True):
            assert count == expected_accidents[(label[0], sex)]
    assert diseases.total == sum(1 for r in records if r["is_disease"]) == 2
    assert days.total == sum(r["days_lost"] for r in records) == 37
    building = next(counts for label, counts, _total in days.rows if label.startswith("F "))
    assert building == [15, 20, 0]  # women, men, other: days lost in construction
    assert workflow.total == open_cases == 6

    assert c81["(f) Industrial accidents, fatal"] == [0, 1, 0]
    assert c81["(f) Industrial accidents, not fatal"] == [2, 1, 0]
    assert c81["(g) Cases of occupational disease"] == [1, 1, 0]


def test_a_kn_accident_is_not_found_at_lc(kn, lc, employer):
    accident = _record(kn, employer)
    lc_officer = sign_in(client_for("lc.localhost"), lc, "officer")
    for url in (
        f"/accidents/{accident.pk}/",
        f"/api/v1/accidents/{accident.pk}/",
        f"/api/v1/accidents/{accident.pk}/medical-reports/",
        f"/api/v1/cases/{accident.pk}/events/",
    ):
        assert lc_officer.get(url).status_code == 404, url


def test_the_demo_is_a_year_of_notifications_at_every_stage_once(kn, employer):
    with tenant_context(kn):
        added = accidents_demo(kn)
        again = accidents_demo(kn)
        statuses = set(Accident.objects.values_list("status", flat=True))
        kinds = set(Accident.objects.values_list("is_disease", "fatal"))
        migrants = Accident.objects.exclude(nationality__code="KN").count()
        reports = MedicalReport.objects.count()
    assert added == 20 and again == 0
    assert statuses == {"notified", "investigating", "closed"}
    assert {(False, False), (False, True), (True, False)} <= kinds
    assert migrants and reports
