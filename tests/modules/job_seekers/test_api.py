"""Job seekers through the API: the lifecycle, refusals, duplicates and merging, rules, roles, schema."""

import datetime

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from modules.job_seekers.models import Education, Experience, JobSeeker, RegistrationRules
from modules.registry import dependants_of
from tenants.services import module_disable, module_enable
from tests.modules.job_seekers.helpers import JSON, TODAY, born, count, payload, register
from tests.support import client_for, sign_in, user_in


def _register(client, **extra):
    return client.post("/api/v1/job_seekers/", payload(**extra), content_type=JSON)


def _transition(client, pk: int, action: str, version: int, **values):
    body = {"action": action, "version": version, "values": values}
    return client.post(f"/api/v1/cases/{pk}/transitions/", body, content_type=JSON)


def test_a_job_seeker_is_registered_renewed_placed_and_renewed_again(officer, kn):
    made = _register(officer, nis_number="KN-123 456", opened_on=str(TODAY - datetime.timedelta(days=40)))
    assert made.status_code == 201, made.content
    seeker = made.json()
    assert seeker["reference"].startswith("JS-") and seeker["status"] == "active"
    assert seeker["occupations"] == ["5120", "5131"] and seeker["district_title"] == "Saint George Basseterre"
    assert seeker["renewed_on"] == str(TODAY - datetime.timedelta(days=40))
    assert seeker["lapses_on"] == str(TODAY + datetime.timedelta(days=141))
    pk = seeker["id"]

    education = officer.post(
        f"/api/v1/job_seekers/{pk}/education/",
        {"level": "3", "institution": "Basseterre High School", "year_completed": born(11).year},
        content_type=JSON,
    )
    assert education.status_code == 201, education.content
    assert education.json()["level_title"] == "Upper secondary education"
    job = officer.post(
        f"/api/v1/job_seekers/{pk}/experience/",
        {"occupation": "9412", "employer_name": "Ocean Terrace Inn", "started_on": "2020-01-01"},
        content_type=JSON,
    )
    assert job.status_code == 201, job.content
    ended = officer.patch(
        f"/api/v1/job_seekers/experience/{job.json()['id']}/",
        {"ended_on": "2021-12-31", "version": 1},
        content_type=JSON,
    )
    assert ended.status_code == 200 and ended.json()["ended_on"] == "2021-12-31"
    seeker = officer.get(f"/api/v1/job_seekers/{pk}/").json()
    assert seeker["match_occupations"] == ["5120", "5131", "9412"] and seeker["experience_months"] == 24
    assert officer.get(f"/api/v1/job_seekers/{pk}/experience/").json()["count"] == 1

    renewed = _transition(officer, pk, "renew", seeker["version"])
    assert renewed.status_code == 200 and renewed.json()["status"] == "active"
    assert officer.get(f"/api/v1/job_seekers/{pk}/").json()["renewed_on"] == str(TODAY)
    placed = _transition(officer, pk, "place", renewed.json()["version"], placed_on=str(TODAY))
    assert placed.status_code == 200 and placed.json()["status"] == "placed"
    again = _transition(officer, pk, "renew", placed.json()["version"])
    assert again.status_code == 200 and again.json()["status"] == "active"
    seeker = officer.get(f"/api/v1/job_seekers/{pk}/").json()
    # Looking for work again: no placement date until the next placement, which needs its own.
    assert seeker["placed_on"] is None and seeker["closed_on"] is None
    unplaced = _transition(officer, pk, "place", seeker["version"])
    assert unplaced.status_code == 400 and "placed_on" in unplaced.json()["errors"]

    events = [e["kind"] for e in officer.get(f"/api/v1/cases/{pk}/events/").json()["results"]]
    assert events == ["opened", "edited", "edited", "status", "status", "status"]
    card = officer.post(
        f"/api/v1/cases/{pk}/letters/",
        {"key": "job_seekers/registration_card", "language": "en"},
        content_type=JSON,
    )
    assert card.status_code == 201
    with tenant_context(kn):
        html = JobSeeker.objects.get(pk=pk).letters.get().html
    assert seeker["reference"] in html and "Cavel Mills" in html and "5120 Cooks" in html
    assert "lapses on" in html


def test_the_list_searches_and_filters(officer, kn):
    register(
        kn, first_name="Shanice", family_name="Liburd", sex="F", birth_date=born(19), occupations=("5223",)
    )
    register(kn, first_name="Delroy", family_name="Williams", birth_date=born(50), occupations=("7112",))
    found = officer.get("/api/v1/job_seekers/?q=shanice liburd").json()
    assert [row["family_name"] for row in found["results"]] == ["Liburd"]
    assert {
        row["family_name"] for row in officer.get("/api/v1/job_seekers/?occupation=7").json()["results"]
    } == {"Williams"}
    young = officer.get("/api/v1/job_seekers/?age=Y15-24").json()["results"]
    assert [row["family_name"] for row in young] == ["Liburd"]
    women = officer.get("/api/v1/job_seekers/?sex=F").json()["results"]
    assert {row["family_name"] for row in women} == {"Liburd"}


def test_a_page_of_the_list_costs_the_same_queries_however_many_rows(officer, kn):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert officer.get("/api/v1/job_seekers/").status_code == 200
        return len(captured)

    register(kn, first_name="One", skills=("DRIVING",), languages=("en",))
    queries()  # the first request of a session reads what later ones find cached
    few = queries()
    for index in range(5):
        register(kn, first_name=f"More{index}", skills=("DRIVING", "COMPUTER"), occupations=("5120", "9412"))
    assert queries() == few


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"birth_date": str(TODAY + datetime.timedelta(days=1))}, "birth_date", "cannot be in the future"),
        ({"birth_date": str(born(13))}, "birth_date", "at least 14 years old"),
        ({"occupations": ["9999"]}, "occupations", "is not a code of"),
        ({"occupations": ["51"]}, "occupations", "is not a code of"),
        ({"occupations": []}, "occupations", "occupation sought"),
        ({"occupations": ["5120", "5131", "9412", "7112"]}, "occupations", "three"),
        ({"skills": ["JUGGLING"]}, "skills", "is not a code of"),
        ({"nationality": "XX"}, "nationality", "is not a code of"),
        ({"opened_on": str(TODAY + datetime.timedelta(days=2))}, "opened_on", "future"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(officer, kn, change, field, message):
    before = count(kn)
    refused = _register(officer, **change)
    assert refused.status_code == 400, refused.content
    assert message in " ".join(refused.json()["errors"][field])
    assert count(kn) == before


def test_bad_parts_and_placements_are_refused_and_nothing_is_saved(officer, kn):
    seeker = register(kn, birth_date=born(30))
    with tenant_context(kn):
        parts = (Education.objects.count(), Experience.objects.count())
    backwards = officer.post(
        f"/api/v1/job_seekers/{seeker.pk}/experience/",
        {"occupation": "7112", "started_on": "2022-06-01", "ended_on": "2021-06-01"},
        content_type=JSON,
    )
    assert backwards.status_code == 400 and "before the start" in str(backwards.json()["errors"]["ended_on"])
    unknown = officer.post(
        f"/api/v1/job_seekers/{seeker.pk}/experience/",
        {"occupation": "7", "started_on": "2022-06-01"},
        content_type=JSON,
    )
    assert unknown.status_code == 400 and "occupation" in unknown.json()["errors"]
    future = officer.post(
        f"/api/v1/job_seekers/{seeker.pk}/education/",
        {"level": "3", "year_completed": TODAY.year + 1},
        content_type=JSON,
    )
    assert future.status_code == 400 and "future" in str(future.json()["errors"]["year_completed"])
    unborn = officer.post(
        f"/api/v1/job_seekers/{seeker.pk}/education/",
        {"level": "3", "year_completed": born(31).year},
        content_type=JSON,
    )
    assert unborn.status_code == 400 and "born" in str(unborn.json()["errors"]["year_completed"])
    no_date = _transition(officer, seeker.pk, "place", seeker.version)
    assert no_date.status_code == 400 and "placed_on" in no_date.json()["errors"]
    tomorrow = _transition(
        officer, seeker.pk, "place", seeker.version, placed_on=str(TODAY + datetime.timedelta(1))
    )
    assert tomorrow.status_code == 400 and "placed_on" in tomorrow.json()["errors"]
    with tenant_context(kn):
        seeker.refresh_from_db()
        assert seeker.status == "active" and seeker.placed_on is None and seeker.version == 1
        assert (Education.objects.count(), Experience.objects.count()) == parts


def test_the_same_nis_number_is_refused_with_the_registration_found(officer, kn):
    first = register(kn, nis_number="KN-123-456", first_name="Andre", family_name="Phillip")
    before = count(kn)
    refused = _register(officer, nis_number=" kn 123456 ", different_person=True)
    assert refused.status_code == 409
    answer = refused.json()
    assert answer["code"] == "duplicate" and answer["same_nis"] is True
    assert answer["duplicates"] == [
        {
            "id": first.pk,
            "reference": first.reference,
            "name": "Andre Phillip",
            "birth_date": str(first.birth_date),
            "status": "active",
            "status_label": "Active",
            "same_nis": True,
        }
    ]
    assert count(kn) == before


def test_the_same_name_and_birth_date_is_refused_unless_a_different_person(officer, kn):
    first = register(kn, first_name="Cavel", family_name="Mills", birth_date=born(29))
    before = count(kn)
    refused = _register(officer, first_name=" cavel ", family_name="MILLS")
    assert refused.status_code == 409 and refused.json()["same_nis"] is False
    assert [row["reference"] for row in refused.json()["duplicates"]] == [first.reference]
    assert count(kn) == before
    other = _register(officer, different_person=True)
    assert other.status_code == 201 and count(kn) == before + 1
    notes = [e["text"] for e in officer.get(f"/api/v1/cases/{other.json()['id']}/events/").json()["results"]]
    assert any(first.reference in note for note in notes)


def test_the_details_of_a_refused_registration_update_the_one_found(officer, kn):
    first = register(kn, nis_number="KN-999", phone="869-465-1111", skills=("DRIVING",))
    with tenant_context(kn):
        JobSeeker.objects.filter(pk=first.pk).update(renewed_on=TODAY - datetime.timedelta(days=100))
    before = count(kn)
    applied = officer.post(
        f"/api/v1/job_seekers/{first.pk}/update-from-registration/",
        payload(nis_number="KN999", phone="", email="junior@example.org", version=first.version),
        content_type=JSON,
    )
    assert applied.status_code == 200, applied.content
    seeker = applied.json()
    assert count(kn) == before
    assert seeker["email"] == "junior@example.org" and seeker["phone"] == "869-465-1111"  # empty: kept
    assert seeker["first_name"] == "Cavel" and seeker["skills"] == ["CUSTOMER", "FOOD_HYGIENE"]
    assert seeker["renewed_on"] == str(TODAY) and seeker["match_skills"] == ["CUSTOMER", "FOOD_HYGIENE"]


def test_a_supervisor_merges_a_duplicate_into_the_registration_kept(officer, supervisor, kn):
    kept = register(kn, first_name="Ravi", family_name="Ramdin", birth_date=born(40), skills=("DRIVING",))
    duplicate = register(
        kn,
        first_name="Ravi",
        family_name="Ramdin",
        birth_date=born(40),
        nis_number="KN-777",
        phone="869-662-0000",
        occupations=("8322", "8332"),
        skills=("HEAVY_VEHICLE",),
        languages=("en",),
        different_person=True,
    )
    part = officer.post(
        f"/api/v1/job_seekers/{duplicate.pk}/experience/",
        {"occupation": "8332", "employer_name": "Island Haulage", "started_on": "2018-03-01"},
        content_type=JSON,
    )
    assert part.status_code == 201
    assert (
        officer.post(
            f"/api/v1/job_seekers/{kept.pk}/merge/",
            {"duplicate": duplicate.pk, "version": 1},
            content_type=JSON,
        ).status_code
        == 403
    )
    merged = supervisor.post(
        f"/api/v1/job_seekers/{kept.pk}/merge/", {"duplicate": duplicate.pk, "version": 1}, content_type=JSON
    )
    assert merged.status_code == 200, merged.content
    seeker = merged.json()
    assert seeker["nis_number"] == "KN-777" and seeker["phone"] == "869-662-0000"
    assert seeker["occupations"] == ["5120", "8322", "8332"]
    assert seeker["skills"] == ["DRIVING", "HEAVY_VEHICLE"] and seeker["languages"] == ["en"]
    assert seeker["match_occupations"] == ["5120", "8322", "8332"] and seeker["experience_months"] > 0
    assert officer.get(f"/api/v1/job_seekers/{kept.pk}/experience/").json()["count"] == 1
    gone = officer.get(f"/api/v1/job_seekers/{duplicate.pk}/").json()
    assert gone["status"] == "merged" and gone["merged_into"] == kept.pk and gone["closed_on"] == str(TODAY)
    kept_events = officer.get(f"/api/v1/cases/{kept.pk}/events/").json()["results"]
    duplicate_events = officer.get(f"/api/v1/cases/{duplicate.pk}/events/").json()["results"]
    assert duplicate.reference in kept_events[-1]["text"]
    assert kept.reference in duplicate_events[-1]["text"] and duplicate_events[-1]["kind"] == "status"
    # Merged is final, and no longer a duplicate of anyone.
    again = supervisor.post(
        f"/api/v1/job_seekers/{kept.pk}/merge/", {"duplicate": duplicate.pk, "version": 3}, content_type=JSON
    )
    assert again.status_code == 400
    assert _register(officer, first_name="Someone", family_name="Else", nis_number="kn777").status_code == 409


def test_the_rules_are_read_by_officers_and_set_by_the_lmis_administrator(officer, kn):
    assert officer.get("/api/v1/job_seekers/rules/").json()["lapse_after_days"] == 180
    assert (
        officer.put("/api/v1/job_seekers/rules/", {"lapse_after_days": 90, "version": 1}, content_type=JSON)
    ).status_code == 403
    with tenant_context(kn):
        TOTP.activate(user_in(kn, "lmis_admin"), generate_totp_secret())
    admin = sign_in(client_for("kn.localhost"), kn, "lmis_admin")
    short = admin.put("/api/v1/job_seekers/rules/", {"lapse_after_days": 29, "version": 1}, content_type=JSON)
    assert short.status_code == 400 and "at least 30 days" in str(short.json()["errors"]["lapse_after_days"])
    saved = admin.put(
        "/api/v1/job_seekers/rules/",
        {"lapse_after_days": 90, "office_contact": "Church Street, Basseterre", "version": 1},
        content_type=JSON,
    )
    assert saved.status_code == 200 and saved.json()["version"] == 2
    stale = admin.put("/api/v1/job_seekers/rules/", {"lapse_after_days": 60, "version": 1}, content_type=JSON)
    assert stale.status_code == 409
    again = admin.patch(
        "/api/v1/job_seekers/rules/", {"lapse_after_days": 90, "version": 2}, content_type=JSON
    )
    assert again.status_code == 200 and again.json()["version"] == 3
    with tenant_context(kn):
        assert RegistrationRules.objects.count() == 1
    seeker = register(kn)
    assert officer.get(f"/api/v1/job_seekers/{seeker.pk}/").json()["lapses_on"] == str(
        TODAY + datetime.timedelta(days=91)
    )


def test_roles(officer, supervisor, kn):
    seeker = register(kn)
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    assert statistician.get("/api/v1/job_seekers/").status_code == 200
    assert _register(statistician).status_code == 403
    assert statistician.get("/job_seekers/export.xlsx").status_code == 200
    assert officer.get("/job_seekers/export.xlsx").status_code == 403
    submitter = sign_in(client_for("kn.localhost"), kn, "agency_submitter")
    assert submitter.get("/api/v1/job_seekers/").status_code == 403
    assert submitter.get(f"/api/v1/job_seekers/{seeker.pk}/").status_code == 403
    # An officer withdraws a registration but cannot lapse one; a supervisor can.
    assert _transition(officer, seeker.pk, "lapse", 1).status_code == 403
    assert _transition(supervisor, seeker.pk, "lapse", 1).json()["status"] == "lapsed"
    with tenant_context(kn):
        seeker.refresh_from_db()
        assert seeker.status == "lapsed" and seeker.history.first().actor == "kn:supervisor"


def test_a_kn_job_seeker_is_not_found_at_lc_and_a_disabled_module_answers_404(officer, kn, lc):
    seeker = register(kn)
    lc_officer = sign_in(client_for("lc.localhost"), lc, "officer")
    for url in (
        f"/job_seekers/{seeker.pk}/",
        f"/job_seekers/{seeker.pk}/edit/",
        f"/api/v1/job_seekers/{seeker.pk}/",
        f"/api/v1/job_seekers/{seeker.pk}/education/",
        f"/api/v1/job_seekers/{seeker.pk}/experience/",
        f"/api/v1/cases/{seeker.pk}/events/",
    ):
        assert lc_officer.get(url).status_code == 404, url
    for dependant in dependants_of("job_seekers"):  # modules built on it (matching) go first
        module_disable(country=kn, key=dependant.manifest.key, by=None)
    module_disable(country=kn, key="job_seekers", by=None)
    for url in (
        "/job_seekers/",
        f"/job_seekers/{seeker.pk}/",
        "/job_seekers/rules/",
        "/api/v1/job_seekers/",
        "/api/v1/job_seekers/rules/",
        f"/api/v1/cases/{seeker.pk}/events/",
    ):
        assert officer.get(url).status_code == 404, url
    module_enable(country=kn, key="job_seekers", by=None)
    assert officer.get("/job_seekers/").status_code == 200


def test_the_api_is_in_the_openapi_schema(kn_client):
    paths = kn_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/job_seekers/"])
    assert {"get", "put", "patch"} <= set(paths["/api/v1/job_seekers/{id}/"])
    assert {"get", "put"} <= set(paths["/api/v1/job_seekers/rules/"])
    assert "post" in paths["/api/v1/job_seekers/{id}/merge/"]
    assert "post" in paths["/api/v1/job_seekers/{id}/update-from-registration/"]
    assert "409" in paths["/api/v1/job_seekers/"]["post"]["responses"]
    for part in ("education", "experience"):
        assert {"get", "post"} <= set(paths[f"/api/v1/job_seekers/{{id}}/{part}/"])
        assert {"get", "put", "patch"} <= set(paths[f"/api/v1/job_seekers/{part}/{{id}}/"])
