"""Vacancy surveys through the API: a round's life, the sample, responses with their lines (all or
nothing), refusals, roles, isolation, the disabled module and the OpenAPI schema."""

import datetime

import pytest
from django_tenants.utils import tenant_context

from modules.vacancy_surveys.models import ResponseLine, SurveyResponse, SurveyRound
from tenants.services import module_disable, module_enable
from tests.modules.vacancy_surveys.conftest import REFERENCE, TODAY, plan, respond
from tests.support import client_for, sign_in

JSON = "application/json"


def _post(client, url, payload):
    return client.post(url, payload, content_type=JSON)


def _line(occupation="5120", vacancies=3, hard_to_fill=1, expected=None) -> dict:
    return {
        "occupation": occupation,
        "vacancies": vacancies,
        "hard_to_fill": hard_to_fill,
        "expected_next_12_months": expected,
    }


def test_a_round_goes_through_its_life_by_the_api(officer, supervisor, employers, kn):
    made = _post(
        supervisor,
        "/api/v1/vacancy_surveys/",
        {
            "title": "Limited vacancy survey, first half",
            "reference_date": str(REFERENCE),
            "opens_on": str(REFERENCE),
            "closes_on": str(TODAY + datetime.timedelta(days=30)),
            "status": "closed",
        },
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["status"] == "planned" and body["sample_size"] == 0 and body["response_rate"] is None
    pk = body["id"]

    empty = _post(supervisor, f"/api/v1/vacancy_surveys/{pk}/open/", {"version": 1})
    assert empty.status_code == 400 and "Choose the employers to ask" in str(empty.json()["errors"])
    hotel, bakery, builders = (
        employers[n] for n in ("Frigate Bay Hotel", "Charlestown Bakery", "Basseterre Builders")
    )
    sampled = _post(
        supervisor, f"/api/v1/vacancy_surveys/{pk}/sample/", {"add": [hotel.pk, bakery.pk, builders.pk]}
    )
    assert sampled.status_code == 200 and sampled.json()["sample_size"] == 3
    version = sampled.json()["version"]
    assert _post(officer, f"/api/v1/vacancy_surveys/{pk}/open/", {"version": version}).status_code == 403
    opened = _post(supervisor, f"/api/v1/vacancy_surveys/{pk}/open/", {"version": version})
    assert opened.status_code == 200 and opened.json()["status"] == "open"

    response = _post(
        officer,
        f"/api/v1/vacancy_surveys/{pk}/responses/",
        {
            "employer": hotel.pk,
            "responded_on": str(TODAY),
            "respondent_name": "Ann Liburd",
            "lines": [_line("5120", 3, 1, 4), _line("9112", 2, 0)],
        },
    )
    assert response.status_code == 201, response.content
    answer = response.json()
    assert [(line["occupation"], line["vacancies"]) for line in answer["lines"]] == [("5120", 3), ("9112", 2)]
    assert answer["lines"][0]["occupation_title"] == "Cooks"
    assert answer["lines_summary"] == "5120: 3, 1, 4; 9112: 2, 0, —"

    # The lines sent replace the response's: 5120 changed, 9112 left out (deleted), 4224 added.
    changed = officer.patch(
        f"/api/v1/vacancy_surveys/responses/{answer['id']}/",
        {"version": 1, "lines": [_line("5120", 5, 5), _line("4224", 1, 0)]},
        content_type=JSON,
    )
    assert changed.status_code == 200, changed.content
    assert {
        (line["occupation"], line["vacancies"], line["hard_to_fill"]) for line in changed.json()["lines"]
    } == {
        ("5120", 5, 5),
        ("4224", 1, 0),
    }
    stale = officer.patch(
        f"/api/v1/vacancy_surveys/responses/{answer['id']}/", {"version": 1, "notes": "x"}, content_type=JSON
    )
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    listed = officer.get(f"/api/v1/vacancy_surveys/{pk}/responses/").json()
    assert listed["count"] == 1 and len(listed["results"][0]["lines"]) == 2

    rate = officer.get(f"/api/v1/vacancy_surveys/{pk}/").json()
    assert rate["responded"] == 1 and rate["response_rate"] == pytest.approx(33.3)
    sample = officer.get(f"/api/v1/vacancy_surveys/{pk}/sample/").json()["results"]
    assert [(e["name"], e["responded"]) for e in sample] == [
        ("Basseterre Builders", False),
        ("Charlestown Bakery", False),
        ("Frigate Bay Hotel", True),
    ]

    version = rate["version"]
    assert _post(officer, f"/api/v1/vacancy_surveys/{pk}/close/", {"version": version}).status_code == 403
    closed = _post(supervisor, f"/api/v1/vacancy_surveys/{pk}/close/", {"version": version})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    late = _post(officer, f"/api/v1/vacancy_surveys/{pk}/responses/", {"employer": bakery.pk, "lines": []})
    assert late.status_code == 400 and "The round is closed" in str(late.json()["errors"]["round"])
    frozen = supervisor.patch(
        f"/api/v1/vacancy_surveys/{pk}/", {"title": "x", "version": version + 1}, content_type=JSON
    )
    assert frozen.status_code == 400 and "closed" in str(frozen.json()["errors"])
    no_reason = _post(
        supervisor, f"/api/v1/vacancy_surveys/{pk}/reopen/", {"version": version + 1, "reason": " "}
    )
    assert no_reason.status_code == 400
    reopened = _post(
        supervisor,
        f"/api/v1/vacancy_surveys/{pk}/reopen/",
        {"version": version + 1, "reason": "A late response"},
    )
    assert reopened.status_code == 200 and reopened.json()["status"] == "open"
    assert reopened.json()["reopen_reason"] == "A late response"
    late = _post(officer, f"/api/v1/vacancy_surveys/{pk}/responses/", {"employer": bakery.pk})
    assert late.status_code == 201 and late.json()["lines"] == []
    with tenant_context(kn):
        assert SurveyRound.objects.get(pk=pk).history.filter(reopen_reason="A late response").exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"employer": "outsider"}, "employer", "was not asked in this round"),
        ({"employer": "answered"}, "employer", "has already responded in this round"),
        (
            {"responded_on": str(REFERENCE - datetime.timedelta(days=1))},
            "responded_on",
            "takes responses from",
        ),
        (
            {"responded_on": str(TODAY + datetime.timedelta(days=1))},
            "responded_on",
            "cannot be in the future",
        ),
        ({"lines": [_line(vacancies=2, hard_to_fill=3)]}, "lines", "Hard-to-fill vacancies are some of"),
        ({"lines": [_line(vacancies=-1, hard_to_fill=0)]}, "lines", "cannot be negative"),
        ({"lines": [_line(expected=-2)]}, "lines", "cannot be negative"),
        ({"lines": [_line("5120"), _line("5120")]}, "lines", "is on an earlier line"),
        ({"lines": [_line("9999")]}, "lines", "is not a code of ISCO-08"),
        ({"lines": [_line("512")]}, "lines", "is not a code of ISCO-08"),
    ],
)
def test_a_bad_response_is_refused_and_nothing_is_saved(
    officer, kn, employers, open_round, change, field, message
):
    respond(kn, open_round, employers["Basseterre Builders"])
    chosen = {"outsider": employers["Cayon Hardware"], "answered": employers["Basseterre Builders"]}
    payload = {"employer": employers["Frigate Bay Hotel"].pk, "responded_on": str(TODAY), "lines": [_line()]}
    payload.update(change)
    if payload["employer"] in chosen:
        payload["employer"] = chosen[payload["employer"]].pk
    with tenant_context(kn):
        before = (SurveyResponse.objects.count(), ResponseLine.objects.count())
    refused = _post(officer, f"/api/v1/vacancy_surveys/{open_round.pk}/responses/", payload)
    assert refused.status_code == 400, refused.content
    assert message in str(refused.json()["errors"][field])
    with tenant_context(kn):
        assert (SurveyResponse.objects.count(), ResponseLine.objects.count()) == before


def test_the_lines_of_a_response_are_written_all_or_nothing(officer, kn, employers, open_round):
    answer = respond(
        kn, open_round, employers["Frigate Bay Hotel"], [("5120", 3, 1, None), ("9112", 2, 0, None)]
    )
    refused = officer.patch(
        f"/api/v1/vacancy_surveys/responses/{answer.pk}/",
        {
            "version": 1,
            "respondent_name": "Someone else",
            "lines": [_line("5120", 9, 0), _line("4224", 1, 0), _line("5131", 1, 4)],
        },
        content_type=JSON,
    )
    assert refused.status_code == 400
    assert "Line 3 (5131)" in str(refused.json()["errors"]["lines"])
    with tenant_context(kn):
        answer.refresh_from_db()
        lines = sorted((line.occupation.code, line.vacancies) for line in answer.lines.all())
    assert lines == [("5120", 3), ("9112", 2)]
    assert answer.respondent_name == "HR officer" and answer.version == 1
    assert answer.lines_summary == "5120: 3, 1, —; 9112: 2, 0, —"


def test_the_sample_keeps_who_responded_and_a_closed_round_keeps_its_sample(
    supervisor, kn, employers, open_round
):
    respond(kn, open_round, employers["Frigate Bay Hotel"])
    url = f"/api/v1/vacancy_surveys/{open_round.pk}/sample/"
    refused = _post(supervisor, url, {"remove": [employers["Frigate Bay Hotel"].pk]})
    assert refused.status_code == 400 and "Frigate Bay Hotel responded" in str(
        refused.json()["errors"]["sample"]
    )
    removed = _post(supervisor, url, {"remove": [employers["Sandy Point Farms"].pk]})
    assert removed.status_code == 200 and removed.json()["sample_size"] == 3
    again = _post(supervisor, url, {"add": [employers["Frigate Bay Hotel"].pk]})
    assert again.json()["sample_size"] == 3  # already asked: nothing added
    closed = _post(
        supervisor, f"/api/v1/vacancy_surveys/{open_round.pk}/close/", {"version": again.json()["version"]}
    )
    assert closed.status_code == 200
    frozen = _post(supervisor, url, {"add": [employers["Cayon Hardware"].pk]})
    assert frozen.status_code == 400 and "closed" in str(frozen.json()["errors"])
    with tenant_context(kn):
        assert SurveyRound.objects.get(pk=open_round.pk).sample_size == 3


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"closes_on": str(REFERENCE - datetime.timedelta(days=1))},
            "closes_on",
            "cannot close before it opens",
        ),
        (
            {"reference_date": str(TODAY + datetime.timedelta(days=40))},
            "reference_date",
            "cannot be after the round",
        ),
        ({"title": ""}, "title", "may not be blank"),
    ],
)
def test_a_bad_round_is_refused(supervisor, kn, change, field, message):
    payload = {
        "title": "Survey",
        "reference_date": str(REFERENCE),
        "opens_on": str(REFERENCE),
        "closes_on": str(TODAY + datetime.timedelta(days=30)),
        **change,
    }
    refused = _post(supervisor, "/api/v1/vacancy_surveys/", payload)
    assert refused.status_code == 400 and message in str(refused.json()["errors"][field])
    with tenant_context(kn):
        assert not SurveyRound.objects.exists()


def test_dates_cannot_leave_responses_outside_the_round(supervisor, kn, employers, open_round):
    respond(kn, open_round, employers["Frigate Bay Hotel"], responded_on=REFERENCE)
    moved = supervisor.patch(
        f"/api/v1/vacancy_surveys/{open_round.pk}/",
        {"opens_on": str(REFERENCE + datetime.timedelta(days=1)), "version": open_round.version},
        content_type=JSON,
    )
    assert moved.status_code == 400 and "1 response was received outside" in str(moved.json()["errors"])


def test_roles_decide_who_may_do_what(kn, employers, open_round):
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    submitter = sign_in(client_for("kn.localhost"), kn, "agency_submitter")
    round_url = f"/api/v1/vacancy_surveys/{open_round.pk}/"
    assert _post(officer, "/api/v1/vacancy_surveys/", {"title": "x"}).status_code == 403
    assert _post(officer, f"{round_url}sample/", {"add": [employers["Cayon Hardware"].pk]}).status_code == 403
    assert _post(officer, f"{round_url}close/", {"version": open_round.version}).status_code == 403
    assert statistician.get(round_url).status_code == 200
    assert statistician.get(f"{round_url}responses/").status_code == 200
    payload = {"employer": employers["Frigate Bay Hotel"].pk}
    assert _post(statistician, f"{round_url}responses/", payload).status_code == 403
    for url in ("/api/v1/vacancy_surveys/", round_url, f"{round_url}sample/", f"{round_url}responses/"):
        assert submitter.get(url).status_code == 403, url
    with tenant_context(kn):
        assert SurveyRound.objects.get(pk=open_round.pk).status == "open"
        assert not SurveyResponse.objects.exists()


def test_a_kn_round_is_not_found_at_lc(kn, lc, employers, open_round):
    answer = respond(kn, open_round, employers["Frigate Bay Hotel"], [("5120", 1, 0, None)])
    lc_supervisor = sign_in(client_for("lc.localhost"), lc, "supervisor")
    pk = open_round.pk
    for url in (
        f"/vacancy_surveys/{pk}/",
        f"/vacancy_surveys/{pk}/sample/",
        f"/vacancy_surveys/{pk}/responses/",
        f"/vacancy_surveys/responses/{answer.pk}/",
        f"/api/v1/vacancy_surveys/{pk}/",
        f"/api/v1/vacancy_surveys/{pk}/sample/",
        f"/api/v1/vacancy_surveys/{pk}/responses/",
        f"/api/v1/vacancy_surveys/responses/{answer.pk}/",
    ):
        assert lc_supervisor.get(url).status_code == 404, url
    assert _post(lc_supervisor, f"/api/v1/vacancy_surveys/{pk}/close/", {"version": 1}).status_code == 404
    with tenant_context(kn):
        assert SurveyRound.objects.get(pk=pk).status == "open"


def test_a_disabled_module_has_no_menu_pages_or_api(kn, open_round):
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert 'href="/vacancy_surveys/"' in officer.get("/").content.decode()
    module_disable(country=kn, key="vacancy_surveys", by=None)
    assert 'href="/vacancy_surveys/"' not in officer.get("/").content.decode()
    for path in (
        "/vacancy_surveys/",
        f"/vacancy_surveys/{open_round.pk}/",
        "/api/v1/vacancy_surveys/",
        f"/api/v1/vacancy_surveys/{open_round.pk}/responses/",
        "/reports/vacancy-survey-by-occupation/",
    ):
        assert officer.get(path).status_code == 404, path
    module_enable(country=kn, key="vacancy_surveys", by=None)
    assert officer.get("/vacancy_surveys/").status_code == 200


def test_the_api_is_in_the_openapi_schema(kn_client):
    paths = kn_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/vacancy_surveys/"])
    assert {"get", "put", "patch"} <= set(paths["/api/v1/vacancy_surveys/{id}/"])
    for action in ("open", "close", "reopen"):
        assert "post" in paths[f"/api/v1/vacancy_surveys/{{id}}/{action}/"]
    assert {"get", "post"} <= set(paths["/api/v1/vacancy_surveys/{id}/sample/"])
    assert {"get", "post"} <= set(paths["/api/v1/vacancy_surveys/{id}/responses/"])
    assert {"get", "put", "patch"} <= set(paths["/api/v1/vacancy_surveys/responses/{id}/"])


def test_a_planned_round_takes_no_response(officer, kn, employers):
    survey_round = plan(kn)
    refused = _post(
        officer,
        f"/api/v1/vacancy_surveys/{survey_round.pk}/responses/",
        {"employer": employers["Frigate Bay Hotel"].pk},
    )
    assert refused.status_code == 400 and "not open yet" in str(refused.json()["errors"]["round"])
