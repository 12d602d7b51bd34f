"""Custom fields: defined by a country's LMIS administrator, then asked for in forms, shown on pages,
listed, filtered, exported and exchanged over the API; refusals; audit; isolation between countries."""

import datetime
import io

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from modules.complaints.models import Complaint
from modules.custom_fields.models import CustomField
from modules.custom_fields.services import custom_field_save
from modules.employers.models import Employer
from modules.employers.services import employer_save
from modules.reference.models import Classification
from tests.support import client_for, sign_in, user_in


@pytest.fixture
def admin(kn):
    with tenant_context(kn):
        TOTP.activate(user_in(kn, "lmis_admin"), generate_totp_secret())
    return sign_in(client_for("kn.localhost"), kn, "lmis_admin")


@pytest.fixture
def officer(kn):
    return sign_in(client_for("kn.localhost"), kn, "officer")


def _define(kn, record: str, key: str, kind: str, **values) -> CustomField:
    with tenant_context(kn):
        return custom_field_save(
            values={"record": record, "key": key, "label": key.replace("_", " ").capitalize(), "kind": kind}
            | values,
            version=None,
            by=None,
        )


@pytest.fixture
def employer_fields(kn):
    """Every kind of field on employers: text, number, date, choice (districts), yes/no."""
    with tenant_context(kn):
        districts = Classification.objects.get(key="district")
    return {
        "licence": _define(
            kn, "employers.employer", "licence", "text", in_list=True, filter=True, position=1
        ),
        "guests": _define(
            kn, "employers.employer", "guests", "number", in_list=True, filter=True, position=2
        ),
        "licensed_on": _define(kn, "employers.employer", "licensed_on", "date", filter=True, position=3),
        "office": _define(
            kn,
            "employers.employer",
            "office",
            "choice",
            table=districts,
            in_list=True,
            filter=True,
            position=4,
        ),
        "seasonal": _define(kn, "employers.employer", "seasonal", "yes_no", filter=True, position=5),
    }


def test_the_administrator_adds_a_field_from_the_settings_pages_and_officers_fill_it_in(admin, officer, kn):
    page = admin.get("/settings/fields/new/")
    assert page.status_code == 200 and "complaints.complaint" in page.content.decode()
    added = admin.post(
        "/settings/fields/new/",
        {
            "record": "complaints.complaint",
            "key": "shop_steward",
            "label": "Shop steward present",
            "kind": "yes_no",
            "required": "on",
            "position": "1",
            "active": "on",
        },
    )
    assert added.status_code == 302, added.content.decode()
    with tenant_context(kn):
        field = CustomField.objects.get(key="shop_steward")
        assert field.history.get().actor == "kn:lmis_admin"
    form = officer.get("/complaints/new/").content.decode()
    assert 'name="custom_shop_steward"' in form and "Shop steward present" in form
    listed = admin.get("/settings/fields/?record=complaints.complaint").content.decode()
    assert "Shop steward present" in listed


def test_values_go_through_the_form_page_list_filters_and_export(officer, employer_fields, kn):
    form = officer.get("/employers/new/").content.decode()
    for key in employer_fields:
        assert f'name="custom_{key}"' in form
    refused = officer.post(
        "/employers/new/",
        {
            "name": "Sugar Bay Club",
            "custom_guests": "many",
            "custom_licensed_on": "31/02",
            "custom_office": "XX",
        },
    )
    assert refused.status_code == 200
    assert set(refused.context["form"].errors) == {"custom_guests", "custom_licensed_on", "custom_office"}
    with tenant_context(kn):
        assert not Employer.objects.filter(name="Sugar Bay Club").exists()

    saved = officer.post(
        "/employers/new/",
        {
            "name": "Sugar Bay Club",
            "custom_licence": "TL-2231",
            "custom_guests": "120",
            "custom_licensed_on": "2025-03-01",
            "custom_office": "KN-10",
            "custom_seasonal": "true",
        },
    )
    assert saved.status_code == 302
    with tenant_context(kn):
        club = Employer.objects.get(name="Sugar Bay Club")
        employer_save(values={"name": "Basseterre Bakery", "custom": {"guests": 8}}, version=None, by=None)
    assert club.custom == {
        "licence": "TL-2231",
        "guests": 120,
        "licensed_on": "2025-03-01",
        "office": "KN-10",
        "seasonal": True,
    }
    detail = officer.get(f"/employers/{club.pk}/").content.decode()
    assert "Additional details" in detail and "TL-2231" in detail and "KN-10 Saint Paul Charlestown" in detail

    listed = officer.get("/employers/?custom_guests_min=100&sort=-custom_guests")
    rows = listed.context["rows"]
    assert [record.name for record, _values in rows] == ["Sugar Bay Club"]
    headers = [str(header.label) for header in listed.context["headers"]]
    assert headers[-3:] == ["Licence", "Guests", "Office"]  # the three chosen as columns, in order
    assert rows[0][1][-3:] == ["TL-2231", 120, "KN-10 Saint Paul Charlestown"]
    for query, expected in (
        ("custom_licence=tl-22", {"Sugar Bay Club"}),
        ("custom_licensed_on_from=2025-01-01&custom_licensed_on_to=2025-12-31", {"Sugar Bay Club"}),
        ("custom_office=KN-10", {"Sugar Bay Club"}),
        ("custom_seasonal=true", {"Sugar Bay Club"}),
        ("custom_guests_max=10", {"Basseterre Bakery"}),
    ):
        found = {record.name for record, _values in officer.get(f"/employers/?{query}").context["rows"]}
        assert found == expected, query

    exported = sign_in(client_for("kn.localhost"), kn, "supervisor").get("/employers/export.xlsx?q=Sugar")
    sheet = load_workbook(io.BytesIO(b"".join(exported.streaming_content))).active
    header, row = [cell.value for cell in sheet[1]], [cell.value for cell in sheet[2]]
    assert header[-5:] == ["Licence", "Guests", "Licensed on", "Office", "Seasonal"]
    assert row[-5:] == ["TL-2231", 120, datetime.datetime(2025, 3, 1), "KN-10 Saint Paul Charlestown", "Yes"]

    # Editing keeps what is not on the form (a field taken out of use) and records the change.
    with tenant_context(kn):
        retired = employer_fields["licence"]
        custom_field_save(field=retired, values={"active": False}, version=retired.version, by=None)
    page = officer.get(f"/employers/{club.pk}/edit/")
    assert "custom_licence" not in page.context["form"].fields
    edited = officer.post(
        f"/employers/{club.pk}/edit/",
        {"name": "Sugar Bay Club", "custom_guests": "130", "custom_office": "KN-10", "version": club.version},
    )
    assert edited.status_code == 302
    with tenant_context(kn):
        club.refresh_from_db()
        assert club.custom == {"licence": "TL-2231", "guests": 130, "office": "KN-10"}
        assert club.history.first().custom["guests"] == 130


def test_values_go_through_the_api_checked_as_the_form_checks_them(officer, employer_fields, kn):
    with tenant_context(kn):
        required = employer_fields["licence"]
        custom_field_save(field=required, values={"required": True}, version=required.version, by=None)
    missing = officer.post("/api/v1/employers/", {"name": "Reef Divers"}, content_type="application/json")
    assert missing.status_code == 400
    assert missing.json()["errors"]["custom"] == {"licence": ["This field is required."]}
    wrong = officer.post(
        "/api/v1/employers/",
        {
            "name": "Reef Divers",
            "custom": {
                "licence": "TL-9",
                "guests": "lots",
                "office": "LC-02",
                "colour": "blue",
                "seasonal": [1],
            },
        },
        content_type="application/json",
    )
    assert wrong.status_code == 400
    assert set(wrong.json()["errors"]["custom"]) == {"guests", "office", "colour", "seasonal"}
    with tenant_context(kn):
        assert not Employer.objects.filter(name="Reef Divers").exists()

    made = officer.post(
        "/api/v1/employers/",
        {"name": "Reef Divers", "custom": {"licence": "TL-9", "guests": 12.5, "seasonal": False}},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["custom"] == {"licence": "TL-9", "guests": 12.5, "seasonal": False}
    pk = made.json()["id"]
    patched = officer.patch(
        f"/api/v1/employers/{pk}/",
        {"custom": {"guests": None, "licensed_on": "2026-01-15"}, "version": 1},
        content_type="application/json",
    )
    assert patched.status_code == 200
    assert patched.json()["custom"] == {"licence": "TL-9", "seasonal": False, "licensed_on": "2026-01-15"}
    filtered = officer.get("/api/v1/employers/?custom_seasonal=false").json()
    assert [row["name"] for row in filtered["results"]] == ["Reef Divers"]


def test_a_case_keeps_its_custom_values_through_its_workflow(officer, kn):
    _define(kn, "complaints.complaint", "shop_steward", "yes_no", required=True)
    with tenant_context(kn):
        employer = employer_save(values={"name": "Frigate Bay Resort"}, version=None, by=None)
    payload = {
        "complainant_name": "Cavel Mills",
        "complainant_sex": "F",
        "employer": employer.pk,
        "category": "WAGES",
    }
    refused = officer.post("/api/v1/complaints/", payload, content_type="application/json")
    assert refused.status_code == 400 and "shop_steward" in refused.json()["errors"]["custom"]
    made = officer.post(
        "/api/v1/complaints/", payload | {"custom": {"shop_steward": True}}, content_type="application/json"
    )
    assert made.status_code == 201 and made.json()["custom"] == {"shop_steward": True}
    pk = made.json()["id"]
    moved = officer.post(
        f"/api/v1/cases/{pk}/transitions/",
        {"action": "investigate", "version": 1},
        content_type="application/json",
    )
    assert moved.status_code == 200
    page = officer.get(f"/complaints/{pk}/").content.decode()
    assert "Shop steward present" not in page and "Shop steward" in page and "Yes" in page
    with tenant_context(kn):
        assert Complaint.objects.get(pk=pk).custom == {"shop_steward": True}


@pytest.mark.parametrize(
    "key", ["status", "employer", "employer_id", "overdue", "reference", "custom", "version"]
)
def test_a_key_that_is_a_built_in_name_is_refused(kn, key):
    with pytest.raises(ValidationError) as refused, tenant_context(kn):
        _define(kn, "complaints.complaint", key, "text")
    assert "already a field of complaints" in refused.value.message_dict["key"][0] or key in (
        "custom",
        "version",
    )
    with tenant_context(kn):
        assert not CustomField.objects.filter(key=key).exists()


def test_definitions_that_would_change_what_values_mean_are_refused(kn):
    with tenant_context(kn):
        international = Classification.objects.get(key="isco08")
        with pytest.raises(ValidationError) as not_national:
            _define(kn, "employers.employer", "trade", "choice", table=international)
        assert "national code table" in not_national.value.message_dict["table"][0]
        with pytest.raises(ValidationError) as no_table:
            _define(kn, "employers.employer", "trade", "choice")
        assert "needs a code table" in str(no_table.value)
        with pytest.raises(ValidationError) as unknown:
            _define(kn, "payroll.payslip", "trade", "text")
        assert "record" in unknown.value.message_dict
        field = _define(kn, "employers.employer", "licence", "text")
        with pytest.raises(ValidationError):
            _define(kn, "employers.employer", "licence", "number")  # the same key twice
        # No record holds a value yet: the kind may still change; once one does, it may not.
        field = custom_field_save(field=field, values={"kind": "number"}, version=field.version, by=None)
        employer_save(values={"name": "Ocean Terrace Inn", "custom": {"licence": 7}}, version=None, by=None)
        with pytest.raises(ValidationError) as held:
            custom_field_save(field=field, values={"kind": "text"}, version=field.version, by=None)
        assert "1 records hold a value" in held.value.message_dict["kind"][0]
        with pytest.raises(ValidationError):
            custom_field_save(field=field, values={"key": "licence_no"}, version=field.version, by=None)
        field.refresh_from_db()
        assert (field.kind, field.key, field.version) == ("number", "licence", 2)


def test_definitions_over_the_api_and_who_may_change_them(admin, officer, kn):
    made = admin.post(
        "/api/v1/custom-fields/",
        {"record": "employers.employer", "key": "licence", "label": "Tourism licence", "kind": "text"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    clash = admin.post(
        "/api/v1/custom-fields/",
        {"record": "employers.employer", "key": "email", "label": "Email", "kind": "text"},
        content_type="application/json",
    )
    assert clash.status_code == 400 and "already a field" in clash.json()["errors"]["key"][0]
    assert officer.get("/api/v1/custom-fields/").status_code == 403
    assert officer.get("/settings/fields/").status_code == 403
    assert (
        officer.post(
            "/api/v1/custom-fields/",
            {"record": "employers.employer", "key": "rating", "label": "Rating", "kind": "text"},
            content_type="application/json",
        ).status_code
        == 403
    )
    listed = admin.get("/api/v1/custom-fields/?record=employers.employer").json()
    assert [row["key"] for row in listed["results"]] == ["licence"]
    changed = admin.patch(
        f"/api/v1/custom-fields/{made.json()['id']}/",
        {"label": "Tourism licence number", "version": 1},
        content_type="application/json",
    )
    assert changed.status_code == 200 and changed.json()["version"] == 2


def test_a_countrys_fields_are_its_own(employer_fields, kn, lc):
    lc_officer = sign_in(client_for("lc.localhost"), lc, "officer")
    assert "custom_licence" not in lc_officer.get("/employers/new/").content.decode()
    refused = lc_officer.post(
        "/api/v1/employers/",
        {"name": "Castries Bakery", "custom": {"licence": "X"}},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "licence" in refused.json()["errors"]["custom"]
    with tenant_context(lc):
        assert not CustomField.objects.exists()
