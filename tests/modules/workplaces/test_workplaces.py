"""Workplaces of employers: pages from the employer, search, Excel, API, roles, and the dependency rules."""

import io

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from modules.employers.demo import employers_demo
from modules.employers.services import employer_save
from modules.reference.selectors import code_lookup
from modules.registry import dependants_of
from modules.workplaces.demo import workplaces_demo
from modules.workplaces.models import Workplace
from modules.workplaces.services import workplace_save
from tenants.models import ModuleEnablement
from tenants.services import module_disable, module_enable
from tests.support import client_for, sign_in, user_in

HOTEL, BAKERY, BREAD_SHOP = "5510", "1071", "4721"


@pytest.fixture
def officer(kn):
    return sign_in(client_for("kn.localhost"), kn, "officer")


@pytest.fixture
def employers(kn):
    with tenant_context(kn):
        hotel = employer_save(
            values={
                "name": "Ocean Terrace Inn",
                "registration_number": "C-1001",
                "isic": code_lookup("isic4", HOTEL),
            },
            version=None,
            by=None,
        )
        bakery = employer_save(
            values={
                "name": "Nevis Bakery",
                "registration_number": "C-2001",
                "isic": code_lookup("isic4", BAKERY),
            },
            version=None,
            by=None,
        )
    return hotel, bakery


@pytest.fixture
def workplaces(kn, employers):
    """The inn's hotel in Basseterre; the bakery's oven in Charlestown and its shop (retail), closed."""
    hotel, bakery = employers
    with tenant_context(kn):
        basseterre, charlestown = code_lookup("district", "KN-03"), code_lookup("district", "KN-10")
        return [
            workplace_save(
                employer=hotel,
                values={
                    "name": "Fortlands hotel",
                    "city": "Basseterre",
                    "district": basseterre,
                    "workers_women": 40,
                    "workers_men": 31,
                },
                version=None,
                by=None,
            ),
            workplace_save(
                employer=bakery,
                values={
                    "name": "Bakehouse",
                    "city": "Charlestown",
                    "district": charlestown,
                    "workers_women": 6,
                    "workers_men": 9,
                },
                version=None,
                by=None,
            ),
            workplace_save(
                employer=bakery,
                values={
                    "name": "Main Street shop",
                    "city": "Charlestown",
                    "district": charlestown,
                    "isic": code_lookup("isic4", BREAD_SHOP),
                    "workers_women": 3,
                    "workers_men": 0,
                    "active": False,
                },
                version=None,
                by=None,
            ),
        ]


def test_an_officer_adds_a_workplace_from_the_employer_page(officer, kn, employers):
    hotel = employers[0]
    employer_page = officer.get(f"/employers/{hotel.pk}/").content.decode()
    add = f"/workplaces/new/for-employer/{hotel.pk}/"
    assert "Workplaces" in employer_page and f'href="{add}"' in employer_page
    assert "No workplace recorded." in employer_page
    form = officer.get(add).content.decode()
    assert 'value="5510"' in form  # the employer's economic activity, proposed
    response = officer.post(
        add,
        {
            "name": "Frigate Bay site",
            "isic": HOTEL,
            "city": "Frigate Bay",
            "district": "KN-03",
            "workers_women": "12",
            "workers_men": "8",
            "workers_as_of": "2025-12-31",
            "active": "on",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Frigate Bay site of Ocean Terrace Inn is recorded." in page
    assert "5510 Short term accommodation activities" in page and "Saint George Basseterre" in page
    assert "<td>12</td><td>8</td><td>20</td>" in page
    assert "kn:officer" in page
    with tenant_context(kn):
        workplace = Workplace.objects.get(name="Frigate Bay site")
        assert workplace.employer == hotel and workplace.workers_total == 20
        assert workplace.history.count() == 1 and workplace.history.first().actor == "kn:officer"
    employer_page = officer.get(f"/employers/{hotel.pk}/").content.decode()
    assert f'href="/workplaces/{workplace.pk}/"' in employer_page and "Frigate Bay site" in employer_page


def test_refusals_leave_nothing_saved(officer, kn, workplaces):
    bakery = workplaces[1].employer
    add = f"/workplaces/new/for-employer/{bakery.pk}/"
    wrong_level = officer.post(add, {"name": "Depot", "isic": "C", "workers_women": "1", "workers_men": "1"})
    assert "C is not a code of ISIC Rev.4." in wrong_level.content.decode()
    twice = officer.post(add, {"name": "Bakehouse", "workers_women": "1", "workers_men": "1"})
    assert "This employer already has a workplace with this name." in twice.content.decode()
    missing = officer.post(add, {"name": "", "workers_women": "1", "workers_men": "1"})
    assert "This field is required." in missing.content.decode()
    assert officer.post("/workplaces/new/for-employer/999999/", {"name": "X"}).status_code == 404
    with tenant_context(kn):
        assert bakery.workplaces.count() == 2


def test_list_searches_filters_and_sorts(officer, workplaces):
    by_employer = officer.get("/workplaces/?q=bakery").content.decode()
    assert "Bakehouse" in by_employer and "Fortlands hotel" not in by_employer
    by_town = officer.get("/workplaces/?q=basseterre").content.decode()
    assert "Fortlands hotel" in by_town and "Bakehouse" not in by_town
    manufacturing = officer.get("/workplaces/?section=C").content.decode()
    assert "Bakehouse" in manufacturing and "Main Street shop" not in manufacturing
    assert "Main Street shop" in officer.get("/workplaces/?section=G").content.decode()
    by_district = officer.get("/workplaces/?district=KN-10").content.decode()
    assert "Bakehouse" in by_district and "Fortlands hotel" not in by_district
    closed = officer.get("/workplaces/?active=false").content.decode()
    assert "Main Street shop" in closed and "Bakehouse" not in closed
    most_workers = officer.get("/workplaces/?sort=-workers_total").content.decode()
    assert (
        most_workers.index("Fortlands hotel")
        < most_workers.index("Bakehouse")
        < most_workers.index("Main Street shop")
    )
    assert 'aria-sort="descending"' in most_workers
    by_employer_name = officer.get("/workplaces/").content.decode()  # employer, then the list's order
    assert by_employer_name.index("Bakehouse") < by_employer_name.index("Fortlands hotel")


def test_a_stale_edit_is_refused_with_what_changed(kn, workplaces):
    bakehouse = workplaces[1]
    supervisor = sign_in(client_for("kn.localhost"), kn, "supervisor")
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    form = {
        "name": "Bakehouse",
        "isic": BAKERY,
        "city": "Charlestown",
        "district": "KN-10",
        "workers_women": "6",
        "workers_men": "9",
        "active": "on",
        "version": 1,
    }
    edit = f"/workplaces/{bakehouse.pk}/edit/"
    assert supervisor.post(edit, {**form, "workers_men": "11"}).status_code == 302
    stale = officer.post(edit, {**form, "phone": "869-469-0000"})
    page = stale.content.decode()
    assert stale.status_code == 200
    assert "Someone else saved this record after you opened it" in page and "men workers is now “11”" in page
    assert "kn:supervisor" in page
    with tenant_context(kn):
        bakehouse.refresh_from_db()
        assert bakehouse.phone == "" and bakehouse.workers_men == 11 and bakehouse.version == 2


def test_the_filtered_list_downloads_as_excel(kn, workplaces):
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    response = statistician.get("/workplaces/export.xlsx?q=bakery&sort=name")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="workplaces.xlsx"')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Workplace", "Employer")
    total = rows[0].index("Workers in total")
    assert [(row[0], row[1], row[total]) for row in rows[1:]] == [
        ("Bakehouse", "Nevis Bakery", 15),
        ("Main Street shop", "Nevis Bakery", 3),
    ]


def test_roles_decide_who_may_do_what(kn, workplaces):
    hotel = workplaces[0].employer
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    assert statistician.get("/workplaces/").status_code == 200
    assert statistician.get(f"/workplaces/{workplaces[0].pk}/").status_code == 200
    assert statistician.get(f"/workplaces/new/for-employer/{hotel.pk}/").status_code == 403
    assert statistician.get(f"/workplaces/{workplaces[0].pk}/edit/").status_code == 403
    assert "Add a workplace" not in statistician.get(f"/employers/{hotel.pk}/").content.decode()
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert officer.get("/workplaces/export.xlsx").status_code == 403
    submitter = sign_in(client_for("kn.localhost"), kn, "agency_submitter")
    assert submitter.get("/workplaces/").status_code == 403
    assert submitter.get("/api/v1/workplaces/").status_code == 403


def test_a_kn_workplace_answers_404_on_lc(kn, lc, workplaces):
    lc_officer = sign_in(client_for("lc.localhost"), lc, "officer")
    assert lc_officer.get(f"/workplaces/{workplaces[0].pk}/").status_code == 404
    assert lc_officer.get(f"/api/v1/workplaces/{workplaces[0].pk}/").status_code == 404


def test_api_lists_creates_and_refuses_a_stale_change(officer, kn, workplaces):
    hotel, bakery = workplaces[0].employer, workplaces[1].employer
    of_bakery = officer.get(f"/api/v1/workplaces/?employer={bakery.pk}").json()
    assert of_bakery["count"] == 2 and {w["name"] for w in of_bakery["results"]} == {
        "Bakehouse",
        "Main Street shop",
    }
    shop = next(w for w in of_bakery["results"] if w["name"] == "Main Street shop")
    assert (
        shop["isic"] == BREAD_SHOP and shop["employer_name"] == "Nevis Bakery" and shop["workers_total"] == 3
    )
    made = officer.post(
        "/api/v1/workplaces/",
        {"employer": hotel.pk, "name": "Laundry", "workers_women": 5},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["version"] == 1
    assert made.json()["isic"] == HOTEL  # the employer's, as none was sent
    pk = made.json()["id"]
    bad = officer.post(
        "/api/v1/workplaces/",
        {"employer": hotel.pk, "name": "X", "isic": "9999"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "9999 is not a code of ISIC Rev.4." in bad.json()["errors"]["isic"][0]
    moved = officer.patch(
        f"/api/v1/workplaces/{pk}/", {"employer": bakery.pk, "version": 1}, content_type="application/json"
    )
    assert moved.status_code == 400 and "stays with its employer" in str(moved.json())
    changed = officer.patch(
        f"/api/v1/workplaces/{pk}/", {"workers_men": 2, "version": 1}, content_type="application/json"
    )
    assert (
        changed.status_code == 200 and changed.json()["version"] == 2 and changed.json()["workers_total"] == 7
    )
    stale = officer.patch(
        f"/api/v1/workplaces/{pk}/", {"phone": "2", "version": 1}, content_type="application/json"
    )
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    assert stale.json()["changes"][0]["by"] == "kn:officer"
    with tenant_context(kn):
        laundry = Workplace.objects.get(pk=pk)
        assert laundry.employer == hotel and laundry.phone == "" and laundry.workers_men == 2


def test_a_disabled_module_has_no_menu_pages_or_api(kn, workplaces):
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    hotel = workplaces[0].employer
    assert 'href="/workplaces/"' in officer.get("/").content.decode()
    for dependant in dependants_of("workplaces"):  # modules built on workplaces (inspections) go first
        module_disable(country=kn, key=dependant.manifest.key, by=None)
    module_disable(country=kn, key="workplaces", by=None)
    assert 'href="/workplaces/"' not in officer.get("/").content.decode()
    for path in (
        "/workplaces/",
        f"/workplaces/{workplaces[0].pk}/",
        f"/workplaces/new/for-employer/{hotel.pk}/",
        "/workplaces/export.xlsx",
        "/api/v1/workplaces/",
    ):
        assert officer.get(path).status_code == 404, path
    employer_page = officer.get(f"/employers/{hotel.pk}/")
    assert employer_page.status_code == 200 and "Add a workplace" not in employer_page.content.decode()
    with tenant_context(kn):
        assert not user_in(kn, "officer").has_perm("workplaces.view_workplace")
    module_enable(country=kn, key="workplaces", by=None)
    assert officer.get("/workplaces/").status_code == 200


def _enabled(country) -> set[str]:
    return set(ModuleEnablement.objects.filter(country=country).values_list("module", flat=True))


def _disable_employers_and_what_needs_it(kn) -> None:
    for dependant in dependants_of("employers"):
        module_disable(country=kn, key=dependant.manifest.key, by=None)
    module_disable(country=kn, key="employers", by=None)


def test_workplaces_cannot_be_enabled_without_employers(kn):
    _disable_employers_and_what_needs_it(kn)
    before = _enabled(kn)
    with pytest.raises(ValidationError) as refused:
        module_enable(country=kn, key="workplaces", by=None)
    assert "Workplaces needs Employers" in str(refused.value)
    assert _enabled(kn) == before and "workplaces" not in before
    with tenant_context(kn):
        assert not user_in(kn, "officer").has_perm("workplaces.view_workplace")
    module_enable(country=kn, key="employers", by=None)
    module_enable(country=kn, key="workplaces", by=None)
    assert {"employers", "workplaces"} <= _enabled(kn)


def test_employers_cannot_be_disabled_while_workplaces_is_enabled(kn, workplaces):
    before = _enabled(kn)
    with pytest.raises(ValidationError) as refused:
        module_disable(country=kn, key="employers", by=None)
    assert "Workplaces" in str(refused.value) and "depend on Employers" in str(refused.value)
    assert _enabled(kn) == before and {"employers", "workplaces"} <= before
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert officer.get("/employers/").status_code == 200 and officer.get("/workplaces/").status_code == 200


def test_the_country_site_says_why_employers_cannot_be_disabled(kn):
    with tenant_context(kn):
        TOTP.activate(user_in(kn, "lmis_admin"), generate_totp_secret())
    admin = sign_in(client_for("kn.localhost"), kn, "lmis_admin")
    page = admin.post("/settings/modules/", {"module": "employers", "action": "disable"}, follow=True)
    refusal = page.content.decode()
    assert (
        "Workplaces" in refusal
        and "depend on Employers in Saint Kitts and Nevis: disable them first." in refusal
    )
    assert "employers" in _enabled(kn)
    for dependant in dependants_of("employers"):
        admin.post("/settings/modules/", {"module": dependant.manifest.key, "action": "disable"})
    page = admin.post("/settings/modules/", {"module": "employers", "action": "disable"}, follow=True)
    assert "Employers is disabled." in page.content.decode()
    page = admin.post("/settings/modules/", {"module": "workplaces", "action": "enable"}, follow=True)
    assert (
        "Workplaces needs Employers, which is not enabled in Saint Kitts and Nevis" in page.content.decode()
    )
    assert not {"employers", "workplaces"} & _enabled(kn)


def test_the_hub_lists_both_modules_with_versions_and_countries(kn, lc):
    for dependant in dependants_of("workplaces"):
        module_disable(country=lc, key=dependant.manifest.key, by=None)
    module_disable(country=lc, key="workplaces", by=None)
    analyst = sign_in(client_for("localhost"), None, "regional_analyst")
    page = analyst.get("/modules/").content.decode()
    rows = {row.split("<code>")[1].split("</code>")[0]: row for row in page.split("<tr>")[2:]}
    assert "<td>Employers</td>" in rows["employers"] and "<td>1.0</td>" in rows["employers"]
    assert "kn, lc, sr" in rows["employers"]
    assert "<td>Workplaces</td>" in rows["workplaces"] and "<td>1.0</td>" in rows["workplaces"]
    assert "<td>employers</td>" in rows["workplaces"]  # what it needs
    assert "kn, sr" in rows["workplaces"]
    assert "<td>Trade unions</td>" in rows["unions"] and "kn, lc, sr" in rows["unions"]


def test_demo_workplaces_load_once_for_the_demo_employers(kn):
    with tenant_context(kn):
        employers_demo(kn)
        added = workplaces_demo(kn)
        assert 18 < added <= 36
        assert workplaces_demo(kn) == 0
        assert Workplace.objects.count() == added
        head_office = Workplace.objects.get(employer__registration_number="KN-C1001", name="Head office")
        assert head_office.isic.code == "5510" and head_office.workers_total > 0
