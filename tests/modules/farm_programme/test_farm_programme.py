"""The farm programme: recruitment rounds as a register, a worker's season through the API and the
pages (selection against the round's places, the checklist before departure, the return, follow-ups),
letters, bad input refused with nothing saved, roles, reports equal to the records, isolation, the
disabled module, the demo and the OpenAPI schema."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django_tenants.utils import tenant_context

from modules.casework.services import case_transition
from modules.farm_programme.demo import farm_programme_demo
from modules.farm_programme.models import FarmWorker, FollowUp, RecruitmentRound
from modules.farm_programme.reports import (
    APPLICANTS_BY_DISTRICT_AND_SEX,
    DEPARTURES_BY_DESTINATION_AND_SEX,
    EARNINGS_BY_DESTINATION,
    RETURNS_BY_DESTINATION_AND_SEX,
    WORKFLOW,
)
from modules.farm_programme.services import farm_worker_apply, farm_worker_update, round_save
from modules.reference.selectors import code_lookup
from modules.reports.periods import period_parse
from tenants.services import module_disable, module_enable
from tests.support import client_for, sign_in, user_in

TODAY = datetime.date.today()
WEEKS_AGO = TODAY - datetime.timedelta(days=60)
JSON = "application/json"
CHECKLIST = {
    "medical_cleared": True,
    "police_record": True,
    "passport_valid": True,
    "contract_signed": True,
    "visa_issued": True,
}


@pytest.fixture
def season(kn) -> RecruitmentRound:
    """This year's round to Canada, open, with two places."""
    with tenant_context(kn):
        return round_save(
            values={
                "season": TODAY.year,
                "destination": code_lookup("iso3166", "CA"),
                "programme": "Seasonal Agricultural Worker Program (SAWP)",
                "opens_on": WEEKS_AGO,
                "closes_on": TODAY + datetime.timedelta(days=30),
                "places": 2,
                "currency": "CAD",
                "status": "open",
            },
            version=None,
            by=user_in(kn, "supervisor"),
        )


@pytest.fixture
def officer(kn):
    return sign_in(client_for("kn.localhost"), kn, "officer")


@pytest.fixture
def supervisor(kn):
    return sign_in(client_for("kn.localhost"), kn, "supervisor")


def _apply(client, round_pk, **extra):
    payload = {
        "round": round_pk,
        "name": "Kelvin Liburd",
        "sex": "M",
        "birth_date": "1990-03-12",
        "nis_number": "123456",
        "district": "KN-03",
        "phone": "869-465-1111",
        **extra,
    }
    return client.post("/api/v1/farm_programme/", payload, content_type=JSON)


def _move(client, pk, action, version, **values):
    payload = {"action": action, "version": version, "values": values}
    return client.post(f"/api/v1/cases/{pk}/transitions/", payload, content_type=JSON)


def _worker(kn, season, *, name="Marcia Hodge", sex="F", district="KN-10", **values) -> FarmWorker:
    with tenant_context(kn):
        return farm_worker_apply(
            values={
                "round": season,
                "name": name,
                "sex": sex,
                "birth_date": datetime.date(1985, 7, 1),
                "district": code_lookup("district", district) if district else None,
                **values,
            },
            by=user_in(kn, "officer"),
        )


def _take(kn, worker: FarmWorker, *actions: tuple) -> FarmWorker:
    """Move a worker along (action, values) by the officer, or the supervisor for what needs one."""
    with tenant_context(kn):
        officer, supervisor = user_in(kn, "officer"), user_in(kn, "supervisor")
        for action, values in actions:
            if action == "checklist":
                farm_worker_update(worker=worker, values=values, version=worker.version, by=officer)
                continue
            by = supervisor if action in ("select", "reject") else officer
            case_transition(case=worker, action=action, by=by, values=values)
    return worker


def _departed(kn, worker, departed_on=TODAY) -> FarmWorker:
    return _take(
        kn,
        worker,
        ("shortlist", {}),
        ("select", {}),
        ("checklist", CHECKLIST),
        ("depart", {"departed_on": departed_on}),
    )


def test_a_worker_goes_through_the_season_by_the_api(officer, supervisor, kn):
    made_round = supervisor.post(
        "/api/v1/farm_programme/rounds/",
        {
            "season": TODAY.year,
            "destination": "CA",
            "programme": "SAWP",
            "opens_on": str(WEEKS_AGO),
            "closes_on": str(TODAY),
            "places": 5,
            "currency": "CAD",
            "status": "open",
        },
        content_type=JSON,
    )
    assert made_round.status_code == 201, made_round.content
    round_pk = made_round.json()["id"]
    made = _apply(officer, round_pk, opened_on=str(WEEKS_AGO))
    assert made.status_code == 201, made.content
    worker = made.json()
    assert worker["reference"].startswith("FWP-") and worker["status"] == "applied"
    assert worker["destination"] == "CA" and worker["currency"] == "CAD"
    pk = worker["id"]

    assert _move(officer, pk, "shortlist", 1).status_code == 200
    assert _move(officer, pk, "select", 2).status_code == 403  # supervisors select
    assert _move(supervisor, pk, "select", 2).status_code == 200
    assert supervisor.get(f"/api/v1/farm_programme/rounds/{round_pk}/").json()["places_taken"] == 1
    # The departure needs every item of the checklist, and the date.
    early = _move(officer, pk, "depart", 3, departed_on=str(TODAY))
    assert early.status_code == 400
    assert set(early.json()["errors"]) == {*CHECKLIST}
    ticked = officer.patch(
        f"/api/v1/farm_programme/{pk}/",
        {**CHECKLIST, "medical_on": str(WEEKS_AGO), "version": 3},
        content_type=JSON,
    )
    assert ticked.status_code == 200, ticked.content
    no_date = _move(officer, pk, "depart", 4)
    assert no_date.status_code == 400 and set(no_date.json()["errors"]) == {"departed_on"}
    departed = _move(officer, pk, "depart", 4, departed_on=str(WEEKS_AGO), employer_abroad="Niagara Orchards")
    assert departed.status_code == 200 and departed.json()["status"] == "departed"

    before = _move(officer, pk, "return", 5, returned_on=str(WEEKS_AGO - datetime.timedelta(days=1)))
    assert before.status_code == 400 and "before departing" in str(before.json()["errors"]["returned_on"])
    future = _move(officer, pk, "return", 5, returned_on=str(TODAY + datetime.timedelta(days=1)))
    assert future.status_code == 400 and "future" in str(future.json()["errors"]["returned_on"])
    too_much = _move(
        officer,
        pk,
        "return",
        5,
        returned_on=str(TODAY),
        earnings_reported="1000",
        remittances_reported="1500",
    )
    assert too_much.status_code == 400 and "remittances_reported" in too_much.json()["errors"]
    returned = _move(
        officer,
        pk,
        "return",
        5,
        returned_on=str(TODAY),
        earnings_reported="18500.00",
        remittances_reported="7000",
    )
    assert returned.status_code == 200 and returned.json()["status"] == "returned"

    follow_up = officer.post(
        f"/api/v1/farm_programme/{pk}/follow-ups/",
        {"on": str(TODAY), "employed": True, "notes": "Works at a hardware store."},
        content_type=JSON,
    )
    assert follow_up.status_code == 201, follow_up.content
    changed = officer.patch(
        f"/api/v1/farm_programme/follow-ups/{follow_up.json()['id']}/",
        {"employed": False, "version": 1},
        content_type=JSON,
    )
    assert changed.status_code == 200 and changed.json()["employed"] is False
    for key in ("farm_programme/selection", "farm_programme/briefing"):
        letter = officer.post(f"/api/v1/cases/{pk}/letters/", {"key": key}, content_type=JSON)
        assert letter.status_code == 201, letter.content
    events = [e["kind"] for e in officer.get(f"/api/v1/cases/{pk}/events/").json()["results"]]
    assert events == ["opened", "status", "status", "edited", "status", "status", "note", "letter", "letter"]
    with tenant_context(kn):
        done = FarmWorker.objects.get(pk=pk)
        selection = done.letters.get(template_key="farm_programme/selection").html
    assert done.closed_on == TODAY and done.earnings_reported == Decimal("18500.00")
    assert "Kelvin Liburd" in selection and "Canada" in selection and "SAWP" in selection


def test_selection_beyond_the_places_is_refused_and_nothing_changes(supervisor, season, kn):
    workers = [_worker(kn, season, name=f"Worker {index}") for index in range(3)]
    for worker in workers:
        _take(kn, worker, ("shortlist", {}))
    assert _move(supervisor, workers[0].pk, "select", 2).status_code == 200
    _departed(kn, _worker(kn, season, name="Gone already"))  # a departed worker holds a place too
    refused = _move(supervisor, workers[1].pk, "select", 2)
    assert refused.status_code == 400, refused.content
    assert "All 2 places of the round are taken" in str(refused.json()["errors"]["round"])
    with tenant_context(kn):
        assert FarmWorker.objects.get(pk=workers[1].pk).status == "shortlisted"
        assert RecruitmentRound.objects.get(pk=season.pk).places_taken == 2
    # One selected worker rejected frees a place for another; the round cannot shrink below its selected.
    assert _move(supervisor, workers[0].pk, "reject", 3).status_code == 200
    assert _move(supervisor, workers[1].pk, "select", 2).status_code == 200
    shrink = supervisor.patch(
        f"/api/v1/farm_programme/rounds/{season.pk}/",
        {"places": 1, "version": season.version},
        content_type=JSON,
    )
    assert shrink.status_code == 400 and "at least as many places" in str(shrink.json()["errors"]["places"])


def test_departure_is_refused_until_the_checklist_is_complete_on_the_page_too(officer, season, kn):
    worker = _take(kn, _worker(kn, season), ("shortlist", {}), ("select", {}))
    form = officer.get(f"/cases/{worker.pk}/transition/depart/").content.decode()
    assert 'name="case-visa_issued"' in form and 'name="case-departed_on"' in form
    page = officer.post(
        f"/cases/{worker.pk}/transition/depart/",
        {
            "case-medical_cleared": "on",
            "case-police_record": "on",
            "case-passport_valid": "on",
            "case-departed_on": str(TODAY),
            "action": "depart",
            "version": 3,
        },
    ).content.decode()
    assert page.count("Needed to Record departure.") == 2  # the contract and the visa
    with tenant_context(kn):
        worker.refresh_from_db()
        assert worker.status == "selected" and worker.departed_on is None and not worker.medical_cleared
    done = officer.post(
        f"/cases/{worker.pk}/transition/depart/",
        {
            **{f"case-{item}": "on" for item in CHECKLIST},
            "case-departed_on": str(TODAY),
            "action": "depart",
            "version": 3,
        },
        follow=True,
    ).content.decode()
    assert "The case is now Departed." in done


def test_a_worker_who_stays_abroad_needs_a_note(officer, season, kn):
    worker = _departed(kn, _worker(kn, season))
    without = _move(officer, worker.pk, "not_returned", worker.version)
    assert without.status_code == 400 and set(without.json()["errors"]) == {"stay_note"}
    done = _move(officer, worker.pk, "not_returned", worker.version, stay_note="Left the farm in August.")
    assert done.status_code == 200 and done.json()["status"] == "did_not_return"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"birth_date": str(WEEKS_AGO.replace(year=WEEKS_AGO.year - 17))}, "birth_date", "at least 18"),
        ({"district": "XX-99"}, "district", "is not a code of"),
        ({"sex": "X"}, "sex", "not a valid choice"),
        ({"earnings_reported": "-5"}, "earnings_reported", "cannot be negative"),
        (
            {"earnings_reported": "100", "remittances_reported": "200"},
            "remittances_reported",
            "more than the earnings",
        ),
        ({"medical_on": str(TODAY + datetime.timedelta(days=3))}, "medical_on", "future"),
        ({"returned_on": str(TODAY)}, "returned_on", "record the departure first"),
        ({"departed_on": str(TODAY + datetime.timedelta(days=3))}, "departed_on", "future"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(officer, season, kn, change, field, message):
    with tenant_context(kn):
        before = FarmWorker.objects.count()
    refused = _apply(officer, season.pk, **change)
    assert refused.status_code == 400, refused.content
    assert message in " ".join(refused.json()["errors"][field])
    with tenant_context(kn):
        assert FarmWorker.objects.count() == before


def test_an_application_needs_a_round_open_for_applications(officer, season, kn):
    with tenant_context(kn):
        round_save(recruitment_round=season, values={"status": "closed"}, version=season.version, by=None)
    refused = _apply(officer, season.pk)
    assert refused.status_code == 400 and "open one" in str(refused.json()["errors"]["round"])
    page = officer.get("/farm_programme/new/").content.decode()
    assert "No recruitment round is open for applications" in page


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"destination": "KN"}, "destination", "not this one"),
        ({"destination": "QQ"}, "destination", "is not a code of"),
        ({"closes_on": str(WEEKS_AGO - datetime.timedelta(days=1))}, "closes_on", "before they open"),
        ({"places": 0}, "places", "at least one place"),
        ({"season": 1999}, "season", "such as 2026"),
    ],
)
def test_a_round_with_bad_input_is_refused_and_nothing_is_saved(supervisor, kn, change, field, message):
    with tenant_context(kn):
        before = RecruitmentRound.objects.count()
    payload = {
        "season": TODAY.year,
        "destination": "CA",
        "programme": "SAWP",
        "opens_on": str(WEEKS_AGO),
        "closes_on": str(TODAY),
        "places": 5,
        **change,
    }
    refused = supervisor.post("/api/v1/farm_programme/rounds/", payload, content_type=JSON)
    assert refused.status_code == 400, refused.content
    assert message in " ".join(refused.json()["errors"][field])
    with tenant_context(kn):
        assert RecruitmentRound.objects.count() == before


def test_a_follow_up_comes_after_the_return(officer, season, kn):
    worker = _departed(kn, _worker(kn, season, opened_on=WEEKS_AGO), departed_on=WEEKS_AGO)
    early = officer.post(
        f"/api/v1/farm_programme/{worker.pk}/follow-ups/", {"on": str(TODAY)}, content_type=JSON
    )
    assert early.status_code == 400 and "record the return first" in str(early.json()["errors"]["on"])
    returned_on = TODAY - datetime.timedelta(days=5)
    _take(kn, worker, ("return", {"returned_on": returned_on}))
    before = officer.post(
        f"/api/v1/farm_programme/{worker.pk}/follow-ups/",
        {"on": str(returned_on - datetime.timedelta(days=1))},
        content_type=JSON,
    )
    assert before.status_code == 400 and "after the worker's return" in str(before.json()["errors"]["on"])
    with tenant_context(kn):
        assert not FollowUp.objects.exists()


def test_the_pages_register_select_and_print(officer, supervisor, season, kn):
    rounds = supervisor.post(
        "/farm_programme/rounds/new/",
        {
            "season": str(TODAY.year),
            "destination": "CA",
            "programme": "Greenhouse programme",
            "opens_on": str(WEEKS_AGO),
            "closes_on": str(TODAY),
            "places": "3",
            "currency": "CAD",
            "status": "open",
        },
        follow=True,
    ).content.decode()
    assert "is recorded" in rounds and "0 of 3 taken" in rounds
    assert "Greenhouse programme" in supervisor.get("/farm_programme/rounds/?destination=ca").content.decode()
    page = officer.post(
        "/farm_programme/new/",
        {
            "round": str(season.pk),
            "name": "Jamal Browne",
            "sex": "M",
            "birth_date": "1992-02-02",
            "district": "KN-03",
            "opened_on": str(TODAY),
        },
        follow=True,
    ).content.decode()
    assert "is registered" in page, page
    with tenant_context(kn):
        worker = FarmWorker.objects.get(name="Jamal Browne")
    officer.post(f"/cases/{worker.pk}/transition/", {"action": "shortlist", "version": 1})
    officer_page = officer.get(f"/farm_programme/{worker.pk}/").content.decode()
    assert "Shortlisted" in officer_page and 'value="select"' not in officer_page
    done = supervisor.post(f"/cases/{worker.pk}/transition/", {"action": "select", "version": 2}, follow=True)
    assert "The case is now Selected." in done.content.decode()
    letter = officer.post(
        f"/cases/{worker.pk}/letters/", {"key": "farm_programme/selection", "language": "en"}, follow=True
    ).content.decode()
    assert "Jamal Browne" in letter and "selected" in letter and "still to be done" in letter
    listing = officer.get(f"/farm_programme/?round={season.pk}&status=selected").content.decode()
    assert worker.reference in listing


def test_letters_are_for_a_selected_worker(officer, season, kn):
    worker = _worker(kn, season)
    refused = officer.post(
        f"/api/v1/cases/{worker.pk}/letters/", {"key": "farm_programme/selection"}, content_type=JSON
    )
    assert refused.status_code == 400
    assert "farm_programme/briefing" not in officer.get(f"/farm_programme/{worker.pk}/").content.decode()


def test_follow_up_pages(officer, season, kn):
    worker = _take(kn, _departed(kn, _worker(kn, season)), ("return", {"returned_on": TODAY}))
    added = officer.post(
        f"/farm_programme/{worker.pk}/follow-ups/new/",
        {"on": str(TODAY), "employed": "on", "notes": "Back at the family farm."},
        follow=True,
    ).content.decode()
    assert "The follow-up is recorded." in added and "Back at the family farm." in added


def test_roles(season, kn):
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    for url in (
        "/farm_programme/",
        "/farm_programme/rounds/",
        "/api/v1/farm_programme/",
        "/farm_programme/export.xlsx",
        "/farm_programme/rounds/export.xlsx",
    ):
        assert statistician.get(url).status_code == 200, url
    assert (
        'href="/farm_programme/rounds/export.xlsx?'
        in statistician.get("/farm_programme/rounds/").content.decode()
    )
    assert _apply(statistician, season.pk).status_code == 403
    submitter = sign_in(client_for("kn.localhost"), kn, "agency_submitter")
    assert submitter.get("/api/v1/farm_programme/").status_code == 403
    assert submitter.get("/farm_programme/rounds/").status_code == 403
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert officer.get("/farm_programme/rounds/new/").status_code == 403
    assert (
        officer.post("/api/v1/farm_programme/rounds/", {"season": 2026}, content_type=JSON).status_code == 403
    )
    assert officer.get("/farm_programme/export.xlsx").status_code == 403
    pk = _apply(officer, season.pk).json()["id"]
    assert _move(officer, pk, "shortlist", 1).status_code == 200
    for action in ("select", "reject"):
        assert _move(officer, pk, action, 2).status_code == 403
    with tenant_context(kn):
        assert FarmWorker.objects.get(pk=pk).status == "shortlisted"


def test_report_counts_equal_the_records(kn, season):
    with tenant_context(kn):
        usa = round_save(
            values={
                "season": TODAY.year,
                "destination": code_lookup("iso3166", "US"),
                "programme": "H-2A",
                "opens_on": WEEKS_AGO,
                "closes_on": TODAY,
                "places": 5,
                "currency": "USD",
                "status": "open",
            },
            version=None,
            by=None,
        )
    returned_on = TODAY - datetime.timedelta(days=2)
    _take(
        kn,
        _departed(kn, _worker(kn, season, name="A", sex="F", opened_on=WEEKS_AGO), departed_on=WEEKS_AGO),
        (
            "return",
            {
                "returned_on": returned_on,
                "earnings_reported": Decimal("10000"),
                "remittances_reported": Decimal("4000"),
            },
        ),
    )
    _take(
        kn,
        _departed(kn, _worker(kn, season, name="B", sex="M", opened_on=WEEKS_AGO), departed_on=WEEKS_AGO),
        ("return", {"returned_on": returned_on, "earnings_reported": Decimal("12000")}),
    )
    _departed(kn, _worker(kn, usa, name="C", sex="M", district="KN-03"))
    _worker(kn, usa, name="D", sex="F", district=None)
    _take(kn, _worker(kn, usa, name="E", sex="M"), ("shortlist", {}))

    with tenant_context(kn):
        period = period_parse(str(TODAY.year))
        departures = DEPARTURES_BY_DESTINATION_AND_SEX.grid(period)
        returns = RETURNS_BY_DESTINATION_AND_SEX.grid(period)
        applicants = APPLICANTS_BY_DISTRICT_AND_SEX.grid(period)
        earnings = EARNINGS_BY_DESTINATION.grid(period)
        workflow = WORKFLOW.grid(period)
        records = list(
            FarmWorker.objects.values(
                "sex",
                "round__destination__title",
                "district__title",
                "departed_on",
                "returned_on",
                "earnings_reported",
                "remittances_reported",
                "opened_on",
                "closed_on",
            )
        )

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

    this_year = [r for r in records if r["opened_on"].year == TODAY.year]
    assert cells(departures) == Counter(
        (r["round__destination__title"], r["sex"])
        for r in records
        if r["departed_on"] and r["departed_on"].year == TODAY.year
    )
    assert departures.total == sum(
        1 for r in records if r["departed_on"] and r["departed_on"].year == TODAY.year
    )
    assert cells(returns) == Counter(
        (r["round__destination__title"], r["sex"])
        for r in records
        if r["returned_on"] and r["returned_on"].year == TODAY.year
    )
    assert cells(applicants) == Counter((r["district__title"] or "not recorded", r["sex"]) for r in this_year)
    canada = next(counts for label, counts, _total in earnings.rows if label == "Canada")
    assert (
        canada
        == [
            sum(
                r["earnings_reported"] or 0
                for r in records
                if r["round__destination__title"] == "Canada" and r["returned_on"]
            ),
            sum(
                r["remittances_reported"] or 0
                for r in records
                if r["round__destination__title"] == "Canada" and r["returned_on"]
            ),
        ]
        == [Decimal("22000"), Decimal("4000")]
    )
    assert workflow.total == sum(1 for r in records if r["closed_on"] is None) == 3


def test_a_kn_worker_is_not_found_at_lc(kn, lc, season):
    worker = _take(kn, _departed(kn, _worker(kn, season)), ("return", {"returned_on": TODAY}))
    lc_officer = sign_in(client_for("lc.localhost"), lc, "officer")
    for url in (
        f"/farm_programme/{worker.pk}/",
        f"/farm_programme/rounds/{season.pk}/",
        f"/farm_programme/{worker.pk}/follow-ups/new/",
        f"/api/v1/farm_programme/{worker.pk}/",
        f"/api/v1/farm_programme/{worker.pk}/follow-ups/",
        f"/api/v1/farm_programme/rounds/{season.pk}/",
        f"/api/v1/cases/{worker.pk}/events/",
    ):
        assert lc_officer.get(url).status_code == 404, url
    assert worker.name not in lc_officer.get("/farm_programme/").content.decode()


def test_a_disabled_module_has_no_menu_pages_or_api(kn, season):
    worker = _worker(kn, season)
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert 'href="/farm_programme/"' in officer.get("/").content.decode()
    module_disable(country=kn, key="farm_programme", by=None)
    assert 'href="/farm_programme/"' not in officer.get("/").content.decode()
    for url in (
        "/farm_programme/",
        "/farm_programme/rounds/",
        f"/farm_programme/{worker.pk}/",
        "/api/v1/farm_programme/",
        "/api/v1/farm_programme/rounds/",
        f"/api/v1/cases/{worker.pk}/events/",
    ):
        assert officer.get(url).status_code == 404, url
    module_enable(country=kn, key="farm_programme", by=None)
    assert officer.get("/farm_programme/").status_code == 200


def test_the_api_is_in_the_openapi_schema(kn_client):
    paths = kn_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/farm_programme/"])
    assert {"get", "put", "patch"} <= set(paths["/api/v1/farm_programme/{id}/"])
    assert {"get", "post"} <= set(paths["/api/v1/farm_programme/{id}/follow-ups/"])
    assert {"get", "put", "patch"} <= set(paths["/api/v1/farm_programme/follow-ups/{id}/"])
    assert {"get", "post"} <= set(paths["/api/v1/farm_programme/rounds/"])
    assert {"get", "put", "patch"} <= set(paths["/api/v1/farm_programme/rounds/{id}/"])


def test_the_demo_is_two_rounds_with_workers_at_every_stage_once(kn):
    with tenant_context(kn):
        added = farm_programme_demo(kn)
        again = farm_programme_demo(kn)
        rounds = list(RecruitmentRound.objects.order_by("season").values_list("season", "status"))
        statuses = set(FarmWorker.objects.values_list("status", flat=True))
        returned = FarmWorker.objects.filter(status="returned")
        with_earnings = returned.filter(earnings_reported__isnull=False).count()
        returned_count = returned.count()
        follow_ups = FollowUp.objects.count()
    assert added == 22 and again == 0
    assert rounds == [(TODAY.year - 1, "closed"), (TODAY.year, "open")]
    assert statuses == {
        "applied",
        "shortlisted",
        "selected",
        "departed",
        "returned",
        "rejected",
        "withdrawn",
        "did_not_return",
    }
    assert returned_count and with_earnings == returned_count and follow_ups
