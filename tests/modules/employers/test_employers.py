"""The employers register: pages, search, history, stale edits, Excel, API, permissions, the module gate."""

import io

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from modules.employers.models import Employer, Representative
from modules.employers.services import employer_save
from modules.reference.selectors import code_lookup
from modules.registry import dependants_of
from tenants.services import module_disable, module_enable
from tests.support import client_for, sign_in, user_in

HOTEL = "5510"


@pytest.fixture
def officer(kn):
    return sign_in(client_for("kn.localhost"), kn, "officer")


@pytest.fixture
def hotels(kn):
    with tenant_context(kn):
        isic, district = code_lookup("isic4", HOTEL), code_lookup("district", "KN-03")
        made = [
            employer_save(
                values={
                    "name": name,
                    "registration_number": number,
                    "isic": isic,
                    "district": district,
                    "size_band": size,
                },
                version=None,
                by=None,
            )
            for name, number, size in (
                ("Ocean Terrace Inn", "C-1001", "50-249"),
                ("Marriott Frigate Bay", "C-1002", "250+"),
                ("Timothy Beach Resort", "C-1003", "10-49"),
            )
        ]
        made.append(
            employer_save(
                values={
                    "name": "Basseterre Bakery",
                    "registration_number": "C-2001",
                    "isic": code_lookup("isic4", "1071"),
                },
                version=None,
                by=None,
            )
        )
    return made


def test_an_officer_registers_an_employer_and_sees_its_history(officer, kn):
    response = officer.post(
        "/employers/new/",
        {
            "name": "Sugar Bay Club",
            "registration_number": "C-3001",
            "isic": HOTEL,
            "district": "KN-10",
            "size_band": "10-49",
            "active": "on",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Sugar Bay Club is registered." in page
    assert "5510 Short term accommodation activities" in page and "Saint Paul Charlestown" in page
    assert "kn:officer" in page  # the history tab names who did it
    with tenant_context(kn):
        employer = Employer.objects.get(registration_number="C-3001")
        assert employer.history.count() == 1 and employer.history.first().actor == "kn:officer"


def test_an_unknown_isic_code_is_refused_with_suggestions_and_nothing_is_saved(officer, kn):
    response = officer.post("/employers/new/", {"name": "Nowhere Ltd", "isic": "5519", "active": "on"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "5519 is not a code of ISIC Rev.4." in page and "Did you mean" in page and "5510" in page
    with tenant_context(kn):
        assert not Employer.objects.filter(name="Nowhere Ltd").exists()


def test_a_duplicate_registration_number_is_refused(officer, hotels):
    response = officer.post(
        "/employers/new/", {"name": "Copy Inn", "registration_number": "C-1001", "active": "on"}
    )
    assert "Another employer is registered with this registration number." in response.content.decode()


def test_list_searches_filters_sorts_and_paginates(officer, hotels):
    by_name = officer.get("/employers/?q=resort").content.decode()
    assert "Timothy Beach Resort" in by_name and "Ocean Terrace Inn" not in by_name
    accommodation = officer.get("/employers/?section=I").content.decode()
    assert "Marriott Frigate Bay" in accommodation and "Basseterre Bakery" not in accommodation
    manufacturing = officer.get("/employers/?section=C").content.decode()
    assert "Basseterre Bakery" in manufacturing and "Marriott" not in manufacturing
    by_district = officer.get("/employers/?district=KN-03").content.decode()
    assert "Ocean Terrace Inn" in by_district and "Basseterre Bakery" not in by_district
    descending = officer.get("/employers/?sort=-name").content.decode()
    assert descending.index("Timothy Beach Resort") < descending.index("Basseterre Bakery")
    assert 'aria-sort="descending"' in descending
    assert "Nothing matches this search" in officer.get("/employers/?q=zzzz").content.decode()


def test_the_edit_page_shows_the_current_codes(officer, hotels):
    page = officer.get(f"/employers/{hotels[0].pk}/edit/").content.decode()
    assert 'name="isic" value="5510"' in page and "Short term accommodation activities" in page
    assert 'name="district" value="KN-03"' in page


def test_a_stale_edit_is_refused_with_what_changed(kn, hotels):
    inn = hotels[0]
    supervisor = sign_in(client_for("kn.localhost"), kn, "supervisor")
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    form = {
        "name": inn.name,
        "registration_number": inn.registration_number,
        "isic": HOTEL,
        "active": "on",
        "version": inn.version,
    }
    moved = {**form, "phone": "869-465-2754", "district": "KN-10"}
    assert supervisor.post(f"/employers/{inn.pk}/edit/", moved).status_code == 302
    stale = officer.post(f"/employers/{inn.pk}/edit/", {**form, "email": "info@oti.kn"})
    page = stale.content.decode()
    assert stale.status_code == 200
    assert "Someone else saved this record after you opened it" in page and "869-465-2754" in page
    assert "KN-10 Saint Paul Charlestown" in page  # the district, not its id
    assert "kn:supervisor" in page
    with tenant_context(kn):
        inn.refresh_from_db()
        assert inn.email == "" and inn.phone == "869-465-2754" and inn.version == 2


def test_the_filtered_list_downloads_as_excel(kn, hotels):
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    response = statistician.get("/employers/export.xlsx?section=I&sort=name")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="employers.xlsx"')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Name"
    assert [row[0] for row in rows[1:]] == [
        "Marriott Frigate Bay",
        "Ocean Terrace Inn",
        "Timothy Beach Resort",
    ]


def test_roles_decide_who_may_do_what(kn, hotels):
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    assert statistician.get("/employers/").status_code == 200
    assert statistician.get("/employers/new/").status_code == 403
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert officer.get("/employers/export.xlsx").status_code == 403
    submitter = sign_in(client_for("kn.localhost"), kn, "agency_submitter")
    assert submitter.get("/employers/").status_code == 403


def test_representatives_are_added_and_changed_from_their_employer(officer, kn, hotels):
    inn = hotels[0]
    add = f"/employers/{inn.pk}/representatives/new/"
    page = officer.get(add).content.decode()
    assert "<h1>Add a representative</h1>" in page and inn.name in page
    refused = officer.post(add, {"name": "", "email": "not an address"})
    assert refused.status_code == 200 and "This field is required." in refused.content.decode()
    added = officer.post(add, {"name": "Glenda Hazel", "position": "HR manager"}, follow=True)
    assert added.redirect_chain[-1][0] == f"/employers/{inn.pk}/"
    assert f"Glenda Hazel ({inn.name}) is added." in added.content.decode()
    with tenant_context(kn):
        representative = Representative.objects.get(employer=inn)
    edit = f"/employers/representatives/{representative.pk}/edit/"
    changed = officer.post(
        edit, {"name": "Glenda Hazel", "position": "Director", "version": representative.version}, follow=True
    )
    assert "Your changes to Glenda Hazel" in changed.content.decode()
    stale = officer.post(edit, {"name": "G. Hazel", "version": representative.version})
    assert "Someone else saved this record after you opened it" in stale.content.decode()
    history = officer.get(edit).content.decode()
    assert "<h1>Edit the representative</h1>" in history and "Director" in history and "kn:officer" in history
    with tenant_context(kn):
        assert Representative.objects.get(employer=inn).name == "Glenda Hazel"
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    assert statistician.get(add).status_code == 403
    assert officer.get("/employers/999999/representatives/new/").status_code == 404


def test_a_kn_employer_answers_404_on_lc(kn, lc, hotels):
    lc_officer = sign_in(client_for("lc.localhost"), lc, "officer")
    assert lc_officer.get(f"/employers/{hotels[0].pk}/").status_code == 404
    assert lc_officer.get(f"/api/v1/employers/{hotels[0].pk}/").status_code == 404


def test_api_lists_creates_and_refuses_a_stale_change(officer, kn, hotels):
    listing = officer.get("/api/v1/employers/?q=inn").json()
    assert listing["count"] == 1 and listing["results"][0]["isic"] == HOTEL
    assert listing["results"][0]["isic_title"] == "Short term accommodation activities"
    bad = officer.post("/api/v1/employers/", {"name": "X", "isic": "9999"}, content_type="application/json")
    assert bad.status_code == 400 and "9999 is not a code of ISIC Rev.4." in bad.json()["errors"]["isic"][0]
    made = officer.post(
        "/api/v1/employers/",
        {"name": "Nevis Bakery", "isic": "1071", "district": "KN-10"},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["version"] == 1
    pk = made.json()["id"]
    changed = officer.patch(
        f"/api/v1/employers/{pk}/", {"phone": "1", "version": 1}, content_type="application/json"
    )
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = officer.patch(
        f"/api/v1/employers/{pk}/", {"phone": "2", "version": 1}, content_type="application/json"
    )
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    assert stale.json()["changes"][0]["by"] == "kn:officer"
    representatives = officer.post(
        f"/api/v1/employers/{pk}/representatives/",
        {"name": "Ann Liburd", "position": "Owner"},
        content_type="application/json",
    )
    assert representatives.status_code == 201
    assert officer.get(f"/api/v1/employers/{pk}/representatives/").json()["count"] == 1
    one = f"/api/v1/employers/representatives/{representatives.json()['id']}/"
    moved = officer.patch(one, {"position": "Manager", "version": 1}, content_type="application/json")
    assert moved.status_code == 200 and moved.json()["position"] == "Manager" and moved.json()["version"] == 2
    late = officer.patch(one, {"position": "Clerk", "version": 1}, content_type="application/json")
    assert late.status_code == 409 and late.json()["changes"][0]["by"] == "kn:officer"
    assert officer.get("/api/v1/employers/999999/representatives/").status_code == 404


def test_a_disabled_module_has_no_menu_pages_or_api(kn, hotels):
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert 'href="/employers/"' in officer.get("/").content.decode()
    for dependant in dependants_of("employers"):  # modules built on employers go first
        module_disable(country=kn, key=dependant.manifest.key, by=None)
    module_disable(country=kn, key="employers", by=None)
    assert 'href="/employers/"' not in officer.get("/").content.decode()
    for path in (
        "/employers/",
        f"/employers/{hotels[0].pk}/",
        "/employers/export.xlsx",
        "/api/v1/employers/",
    ):
        assert officer.get(path).status_code == 404, path
    with tenant_context(kn):
        assert not user_in(kn, "officer").has_perm("employers.view_employer")
    module_enable(country=kn, key="employers", by=None)
    assert officer.get("/employers/").status_code == 200


def test_lmis_admin_enables_and_disables_modules_from_the_country_site(kn):
    with tenant_context(kn):
        TOTP.activate(user_in(kn, "lmis_admin"), generate_totp_secret())
    admin = sign_in(client_for("kn.localhost"), kn, "lmis_admin")
    for dependant in dependants_of("employers"):
        admin.post("/settings/modules/", {"module": dependant.manifest.key, "action": "disable"})
    page = admin.post("/settings/modules/", {"module": "employers", "action": "disable"}, follow=True)
    assert "Employers is disabled." in page.content.decode()
    page = admin.post("/settings/modules/", {"module": "employers", "action": "enable"}, follow=True)
    assert "Employers is enabled." in page.content.decode()
    history = kn.module_enablements.get(module="employers").history.first()
    assert history.actor == "kn:lmis_admin"
    changes = admin.get("/settings/modules/").content.decode()
    assert changes.count("kn:lmis_admin") >= 2  # the disabling and the enabling, in the page's history
