"""The trade unions register: pages, search, history, stale edits, Excel, API, roles, the module gate."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from modules.reference.selectors import code_lookup
from modules.registry import dependants_of
from modules.unions.demo import unions_demo
from modules.unions.models import TradeUnion
from modules.unions.services import union_save
from tenants.services import module_disable, module_enable
from tests.support import client_for, sign_in, user_in


@pytest.fixture
def officer(kn):
    return sign_in(client_for("kn.localhost"), kn, "officer")


@pytest.fixture
def unions(kn):
    """Three kn unions: hotel workers (I) in Basseterre, teachers (P) in Charlestown, dockers (H), closed."""
    with tenant_context(kn):
        section = lambda letter: code_lookup("isic4", letter)  # noqa: E731
        specs = (
            ("Hotel and Allied Workers Union", "HAWU", "TU-101", "IN", 804, 561, "KN-03", True, 1993),
            ("Nevis Teachers Association", "NTA", "TU-102", "P", 312, 87, "KN-10", True, 1984),
            ("Dockers Union", "DU", "TU-103", "H", 20, 900, None, False, 1950),
        )
        return [
            union_save(
                values={
                    "name": name,
                    "acronym": acronym,
                    "registration_number": number,
                    "sectors": [section(letter) for letter in sectors],
                    "members_women": women,
                    "members_men": men,
                    "district": code_lookup("district", district) if district else None,
                    "active": active,
                    "registered_on": datetime.date(year, 5, 1),
                },
                version=None,
                by=None,
            )
            for name, acronym, number, sectors, women, men, district, active, year in specs
        ]


def test_an_officer_registers_a_union_and_sees_its_history(officer, kn):
    response = officer.post(
        "/unions/new/",
        {
            "name": "Frigate Bay Hospitality Workers Union",
            "acronym": "FBHWU",
            "registration_number": "TU-201",
            "registered_on": "2019-03-14",
            "sectors": ["I", "N"],
            "members_women": "120",
            "members_men": "85",
            "membership_as_of": "2025-12-31",
            "contact_name": "Keisha Browne",
            "contact_position": "General secretary",
            "district": "KN-10",
            "active": "on",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Frigate Bay Hospitality Workers Union (FBHWU) is registered." in page
    assert "I Accommodation and food service activities" in page and "Saint Paul Charlestown" in page
    assert "205" in page and "Keisha Browne, General secretary" in page
    assert "kn:officer" in page  # the history names who did it
    with tenant_context(kn):
        union = TradeUnion.objects.get(registration_number="TU-201")
        assert sorted(union.sectors.values_list("code", flat=True)) == ["I", "N"]
        assert union.members_total == 205 and union.registered_on == datetime.date(2019, 3, 14)
        assert union.history.count() == 1 and union.history.first().actor == "kn:officer"


def test_a_change_of_sectors_shows_in_the_history(officer, kn, unions):
    teachers = unions[1]
    form = {
        "name": teachers.name,
        "acronym": "NTA",
        "registration_number": "TU-102",
        "registered_on": "1984-05-01",
        "sectors": ["P", "Q"],
        "members_women": "312",
        "members_men": "87",
        "district": "KN-10",
    }
    response = officer.post(
        f"/unions/{teachers.pk}/edit/", {**form, "version": 1, "active": "on"}, follow=True
    )
    page = response.content.decode()
    assert "Your changes to Nevis Teachers Association (NTA) are saved." in page
    assert "<strong>sectors (ISIC sections)</strong>: P → P, Q</li></ul>" in page  # nothing else changed
    with tenant_context(kn):
        assert teachers.history.count() == 2
        assert sorted(teachers.sectors.values_list("code", flat=True)) == ["P", "Q"]


def test_refusals_leave_nothing_saved(officer, kn, unions):
    unknown = officer.post("/unions/new/", {"name": "Ghost Union", "sectors": ["Z"], "district": "KN-99"})
    page = unknown.content.decode()
    assert unknown.status_code == 200
    assert "Select a valid choice. Z is not one of the available choices." in page
    assert "KN-99 is not a code of" in page
    duplicate = officer.post(
        "/unions/new/", {"name": "Copy Union", "registration_number": "TU-101", "active": "on"}
    )
    assert "Another trade union is registered with this registration number." in duplicate.content.decode()
    negative = officer.post(
        "/unions/new/", {"name": "Minus Union", "members_women": "-3", "members_men": "0"}
    )
    assert "greater than or equal to 0" in negative.content.decode()
    with tenant_context(kn):
        assert not TradeUnion.objects.filter(name__in=["Ghost Union", "Copy Union", "Minus Union"]).exists()


def test_the_service_refuses_codes_that_are_not_sections(kn, unions):
    with tenant_context(kn), pytest.raises(ValidationError) as refused:
        union_save(
            values={"name": "Bakers Union", "sectors": [code_lookup("isic4", "1071")]}, version=None, by=None
        )
    assert "1071: choose sections of ISIC" in str(refused.value)
    with tenant_context(kn):
        assert not TradeUnion.objects.filter(name="Bakers Union").exists()


def test_list_searches_filters_and_sorts(officer, unions):
    by_acronym = officer.get("/unions/?q=nta").content.decode()
    assert "Nevis Teachers Association" in by_acronym and "Dockers Union" not in by_acronym
    by_number = officer.get("/unions/?q=TU-103").content.decode()
    assert "Dockers Union" in by_number and "Hotel and Allied" not in by_number
    hotels = officer.get("/unions/?sector=I").content.decode()
    assert "Hotel and Allied Workers Union" in hotels and "Nevis Teachers" not in hotels
    by_district = officer.get("/unions/?district=KN-10").content.decode()
    assert "Nevis Teachers Association" in by_district and "Hotel and Allied" not in by_district
    closed = officer.get("/unions/?active=false").content.decode()
    assert "Dockers Union" in closed and "Nevis Teachers" not in closed
    biggest_first = officer.get("/unions/?sort=-members_total").content.decode()
    assert (
        biggest_first.index("Hotel and Allied")
        < biggest_first.index("Dockers Union")
        < biggest_first.index("Nevis Teachers")
    )
    assert 'aria-sort="descending"' in biggest_first
    oldest_first = officer.get("/unions/?sort=registered_on").content.decode()
    assert (
        oldest_first.index("Dockers Union")
        < oldest_first.index("Nevis Teachers")
        < oldest_first.index("Hotel and Allied")
    )
    assert "Nothing matches this search" in officer.get("/unions/?q=zzzz").content.decode()


def test_a_stale_edit_is_refused_with_what_changed(kn, unions):
    hotel = unions[0]
    supervisor = sign_in(client_for("kn.localhost"), kn, "supervisor")
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    form = {
        "name": hotel.name,
        "acronym": hotel.acronym,
        "registration_number": hotel.registration_number,
        "sectors": ["I", "N"],
        "members_women": "804",
        "members_men": "561",
        "active": "on",
        "version": hotel.version,
    }
    assert supervisor.post(f"/unions/{hotel.pk}/edit/", {**form, "members_women": "850"}).status_code == 302
    stale = officer.post(f"/unions/{hotel.pk}/edit/", {**form, "phone": "869-465-1234"})
    page = stale.content.decode()
    assert stale.status_code == 200
    assert (
        "Someone else saved this record after you opened it" in page and "women members is now “850”" in page
    )
    assert "kn:supervisor" in page
    with tenant_context(kn):
        hotel.refresh_from_db()
        assert hotel.phone == "" and hotel.members_women == 850 and hotel.version == 2


def test_the_filtered_list_downloads_as_excel(kn, unions):
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    response = statistician.get("/unions/export.xlsx?active=true&sort=-members_total")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="trade-unions.xlsx"')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:2] == ("Name", "Acronym") and "Members in total" in header
    total, sectors = header.index("Members in total"), header.index("Sectors (ISIC sections)")
    assert [(row[0], row[sectors], row[total]) for row in rows[1:]] == [
        ("Hotel and Allied Workers Union", "I, N", 1365),
        ("Nevis Teachers Association", "P", 399),
    ]
    assert rows[1][header.index("Registered on")] == datetime.datetime(1993, 5, 1)


def test_roles_decide_who_may_do_what(kn, unions):
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    assert statistician.get("/unions/").status_code == 200
    assert statistician.get(f"/unions/{unions[0].pk}/").status_code == 200
    assert statistician.get("/unions/new/").status_code == 403
    assert statistician.get(f"/unions/{unions[0].pk}/edit/").status_code == 403
    assert (
        statistician.post("/api/v1/unions/", {"name": "X"}, content_type="application/json").status_code
        == 403
    )
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert officer.get("/unions/export.xlsx").status_code == 403
    assert "Download as Excel" not in officer.get("/unions/").content.decode()
    submitter = sign_in(client_for("kn.localhost"), kn, "agency_submitter")
    assert submitter.get("/unions/").status_code == 403
    assert submitter.get("/api/v1/unions/").status_code == 403


def test_a_kn_union_answers_404_on_lc(kn, lc, unions):
    lc_officer = sign_in(client_for("lc.localhost"), lc, "officer")
    assert lc_officer.get(f"/unions/{unions[0].pk}/").status_code == 404
    assert lc_officer.get(f"/api/v1/unions/{unions[0].pk}/").status_code == 404


def test_api_lists_creates_and_refuses_a_stale_change(officer, kn, unions):
    listing = officer.get("/api/v1/unions/?sector=I").json()
    assert listing["count"] == 1
    hotel = listing["results"][0]
    assert hotel["sectors"] == ["I", "N"] and hotel["members_total"] == 1365
    assert hotel["district"] == "KN-03" and hotel["district_title"] == "Saint George Basseterre"
    ordered = officer.get("/api/v1/unions/?ordering=-total_members").json()["results"]
    assert [union["acronym"] for union in ordered] == ["HAWU", "DU", "NTA"]
    bad = officer.post(
        "/api/v1/unions/", {"name": "X", "sectors": ["I", "5510"]}, content_type="application/json"
    )
    assert bad.status_code == 400 and "5510 is not a code of ISIC Rev.4." in str(
        bad.json()["errors"]["sectors"]
    )
    made = officer.post(
        "/api/v1/unions/",
        {"name": "Nevis Seamen Union", "sectors": ["H", "A"], "members_women": 4, "members_men": 61},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["version"] == 1
    assert made.json()["sectors"] == ["A", "H"] and made.json()["members_total"] == 65
    pk = made.json()["id"]
    changed = officer.patch(
        f"/api/v1/unions/{pk}/", {"sectors": ["H"], "version": 1}, content_type="application/json"
    )
    assert (
        changed.status_code == 200 and changed.json()["version"] == 2 and changed.json()["sectors"] == ["H"]
    )
    unversioned = officer.patch(f"/api/v1/unions/{pk}/", {"phone": "2"}, content_type="application/json")
    assert unversioned.status_code == 400
    stale = officer.patch(
        f"/api/v1/unions/{pk}/", {"phone": "2", "version": 1}, content_type="application/json"
    )
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    assert stale.json()["changes"][0]["by"] == "kn:officer"
    with tenant_context(kn):
        union = TradeUnion.objects.get(pk=pk)
        assert union.phone == "" and list(union.sectors.values_list("code", flat=True)) == ["H"]


def test_a_disabled_module_has_no_menu_pages_or_api(kn, unions):
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert 'href="/unions/"' in officer.get("/").content.decode()
    for dependant in dependants_of("unions"):  # modules built on unions (disputes) go first
        module_disable(country=kn, key=dependant.manifest.key, by=None)
    module_disable(country=kn, key="unions", by=None)
    assert 'href="/unions/"' not in officer.get("/").content.decode()
    for path in (
        "/unions/",
        "/unions/new/",
        f"/unions/{unions[0].pk}/",
        "/unions/export.xlsx",
        "/api/v1/unions/",
        f"/api/v1/unions/{unions[0].pk}/",
    ):
        assert officer.get(path).status_code == 404, path
    with tenant_context(kn):
        assert not user_in(kn, "officer").has_perm("unions.view_tradeunion")
    module_enable(country=kn, key="unions", by=None)
    assert officer.get("/unions/").status_code == 200


def test_demo_unions_load_once(kn):
    with tenant_context(kn):
        assert unions_demo(kn) == 6
        assert unions_demo(kn) == 0
        assert TradeUnion.objects.filter(registration_number__startswith="KN-TU").count() == 6
        federation = TradeUnion.objects.get(acronym="FKNW")
        assert federation.sector_letters == "A, C, F, H" and federation.members_total == 3555
