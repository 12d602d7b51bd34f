"""Overseas migrant workers (Form 22): lifecycle through the API and pages, refusals, roles, letters, the
report tables (SDG 10.7.1 among them) against a hand computation, demo, isolation, schema."""

import datetime
import io
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from modules.migrant_assistance.demo import migrant_assistance_demo
from modules.migrant_assistance.models import AssistanceAction, AssistanceRequest
from modules.migrant_assistance.reports import (
    BY_DESTINATION_AND_SEX,
    BY_OCCUPATION_AND_SEX,
    BY_TYPE_AND_SEX,
    RECRUITMENT_COST_BY_DESTINATION,
    WORKFLOW,
)
from modules.migrant_assistance.services import assistance_request_open
from modules.reference.selectors import code_lookup
from modules.reports.periods import period_parse
from tenants.services import module_disable, module_enable
from tests.support import client_for, sign_in, user_in

TODAY = datetime.date.today()
JSON = "application/json"


@pytest.fixture
def officer(kn):
    return sign_in(client_for("kn.localhost"), kn, "officer")


@pytest.fixture
def supervisor(kn):
    return sign_in(client_for("kn.localhost"), kn, "supervisor")


def _payload(**change) -> dict:
    return {
        "person_name": "Kerry-Ann Hodge",
        "person_sex": "F",
        "birth_date": "1990-05-17",
        "occupation": "9211",
        "destination": "CA",
        "employer_abroad_name": "Maple Orchards Ltd",
        "employer_abroad_address": "Kelowna, British Columbia",
        "agency_name": "Seasonal Farm Placements Inc.",
        "departed_on": str(TODAY - datetime.timedelta(days=90)),
        "still_abroad": True,
        "request_type": "WAGES",
        "description": "Two months of wages not paid.",
        "recruitment_cost": "1500.00",
        "monthly_earnings": "2400.00",
        "currency": "CAD",
        **change,
    }


def _post(client, url, payload):
    return client.post(url, payload, content_type=JSON)


def test_a_request_goes_through_its_life_by_the_api(officer, supervisor, kn):
    made = _post(officer, "/api/v1/migrant_assistance/", _payload())
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["reference"].startswith("OMW-") and body["status"] == "received"
    assert body["nationality"] == "KN"  # a national of the country unless said otherwise
    assert body["destination_title"] == "Canada" and body["request_type_title"] == "Unpaid wages"
    assert body["cost_ratio"] == "0.63"  # 1500 / 2400 = 0.625
    pk = body["id"]

    assigned = _post(supervisor, f"/api/v1/cases/{pk}/assign/", {"officer": "officer"})
    assert assigned.status_code == 200
    started = _post(officer, f"/api/v1/cases/{pk}/transitions/", {"action": "start", "version": 2})
    assert started.status_code == 200 and started.json()["status"] == "in_progress"
    action = _post(
        officer,
        f"/api/v1/migrant_assistance/{pk}/actions/",
        {
            "taken_on": str(TODAY),
            "organisation": "embassy",
            "organisation_name": "Consulate General in Toronto",
            "description": "Asked the consulate to contact the employer.",
        },
    )
    assert action.status_code == 201, action.content
    changed = officer.patch(
        f"/api/v1/migrant_assistance/actions/{action.json()['id']}/",
        {"description": "Asked the consulate to call the employer.", "version": 1},
        content_type=JSON,
    )
    assert changed.status_code == 200 and changed.json()["version"] == 2

    letter = _post(officer, f"/api/v1/cases/{pk}/letters/", {"key": "migrant_assistance/referral"})
    assert letter.status_code == 201
    with tenant_context(kn):
        html = AssistanceRequest.objects.get(pk=pk).letters.get().html
    assert "Consulate General in Toronto" in html and "Kerry-Ann Hodge" in html and "Canada" in html

    # An officer cannot close; a supervisor cannot close without the outcome and its notes.
    forbidden = _post(
        officer,
        f"/api/v1/cases/{pk}/transitions/",
        {"action": "close", "version": 3, "values": {"outcome": "resolved", "outcome_notes": "Paid."}},
    )
    assert forbidden.status_code == 403
    missing = _post(supervisor, f"/api/v1/cases/{pk}/transitions/", {"action": "close", "version": 3})
    assert missing.status_code == 400 and set(missing.json()["errors"]) == {"outcome", "outcome_notes"}
    closed = _post(
        supervisor,
        f"/api/v1/cases/{pk}/transitions/",
        {"action": "close", "version": 3, "values": {"outcome": "resolved", "outcome_notes": "Wages paid."}},
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    late = _post(
        officer,
        f"/api/v1/migrant_assistance/{pk}/actions/",
        {"taken_on": str(TODAY), "organisation": "iom", "description": "x"},
    )
    assert late.status_code == 400 and "reopens it" in str(late.json()["errors"])

    assert (
        _post(officer, f"/api/v1/cases/{pk}/transitions/", {"action": "reopen", "version": 4}).status_code
        == 403
    )
    reopened = _post(supervisor, f"/api/v1/cases/{pk}/transitions/", {"action": "reopen", "version": 4})
    assert reopened.status_code == 200 and reopened.json()["status"] == "in_progress"
    again = officer.get(f"/api/v1/migrant_assistance/{pk}/").json()
    assert again["outcome"] == "" and again["closed_on"] is None
    events = [e["kind"] for e in officer.get(f"/api/v1/cases/{pk}/events/").json()["results"]]
    assert events == ["opened", "assigned", "status", "note", "letter", "status", "status"]
    assert officer.get(f"/api/v1/migrant_assistance/{pk}/actions/").json()["count"] == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"destination": "KN"}, "destination", "not this country"),
        ({"destination": ""}, "destination", "is not a code of"),
        ({"recruitment_cost": "-5"}, "recruitment_cost", "cannot be negative"),
        ({"monthly_earnings": "0"}, "monthly_earnings", "must be more than 0"),
        ({"monthly_earnings": "-100"}, "monthly_earnings", "must be more than 0"),
        ({"currency": ""}, "currency", "Give the currency"),
        ({"currency": "XAU"}, "currency", "not a valid choice"),
        ({"birth_date": str(TODAY + datetime.timedelta(days=1))}, "birth_date", "before the request"),
        ({"departed_on": str(TODAY + datetime.timedelta(days=3))}, "departed_on", "cannot be in the future"),
        ({"request_type": "HOLIDAY"}, "request_type", "is not a code of"),
        ({"occupation": "92"}, "occupation", "is not a code of"),
        ({"opened_on": str(TODAY + datetime.timedelta(days=1))}, "opened_on", "future"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(officer, kn, change, field, message):
    with tenant_context(kn):
        before = AssistanceRequest.objects.count()
    refused = _post(officer, "/api/v1/migrant_assistance/", _payload(**change))
    assert refused.status_code == 400, refused.content
    assert message in " ".join(refused.json()["errors"][field])
    with tenant_context(kn):
        assert AssistanceRequest.objects.count() == before


def test_an_action_before_the_request_or_in_the_future_is_refused(officer, kn):
    pk = _post(
        officer, "/api/v1/migrant_assistance/", _payload(opened_on=str(TODAY - datetime.timedelta(days=5)))
    ).json()["id"]
    for taken_on, message in (
        (TODAY - datetime.timedelta(days=6), "before the request was received"),
        (TODAY + datetime.timedelta(days=1), "cannot be in the future"),
    ):
        refused = _post(
            officer,
            f"/api/v1/migrant_assistance/{pk}/actions/",
            {"taken_on": str(taken_on), "organisation": "police", "description": "Reported."},
        )
        assert refused.status_code == 400 and message in str(refused.json()["errors"]["taken_on"])
    with tenant_context(kn):
        assert not AssistanceAction.objects.exists()


def test_the_pages_register_act_close_through_the_form_and_print(officer, supervisor, kn):
    form = officer.get("/migrant_assistance/new/").content.decode()
    assert 'name="nationality" value="KN"' in form and 'name="recruitment_cost"' in form
    page = officer.post(
        "/migrant_assistance/new/",
        {
            **{key: value for key, value in _payload().items() if key != "still_abroad"},
            "nationality": "KN",
            "opened_on": str(TODAY),
        },
        follow=True,
    ).content.decode()
    assert "is registered" in page and "0.63" in page and "Maple Orchards Ltd" in page
    refused = officer.post(
        "/migrant_assistance/new/", {**_payload(destination="KN"), "opened_on": str(TODAY)}
    )
    assert "not this country" in refused.content.decode()
    with tenant_context(kn):
        request = AssistanceRequest.objects.get()
    pk = request.pk
    officer.post(f"/cases/{pk}/transition/", {"action": "start", "version": 1})
    action = officer.post(
        f"/migrant_assistance/{pk}/actions/new/",
        {"taken_on": str(TODAY), "organisation": "agency", "description": "Called the agency."},
        follow=True,
    ).content.decode()
    assert "The action is recorded." in action and "Called the agency." in action
    assert officer.get(f"/cases/{pk}/transition/close/").status_code == 403
    close_form = supervisor.get(f"/cases/{pk}/transition/close/").content.decode()
    assert 'name="case-outcome"' in close_form and 'name="case-outcome_notes"' in close_form
    missing = supervisor.post(
        f"/cases/{pk}/transition/close/", {"case-outcome": "partly", "action": "close", "version": 2}
    )
    assert missing.status_code == 200 and "Needed to" in missing.content.decode()
    done = supervisor.post(
        f"/cases/{pk}/transition/close/",
        {"case-outcome": "partly", "case-outcome_notes": "Half paid.", "action": "close", "version": 2},
        follow=True,
    ).content.decode()
    assert "The case is now Closed." in done and "Partly resolved" in done
    letter = supervisor.post(
        f"/cases/{pk}/letters/", {"key": "migrant_assistance/acknowledgment", "language": "en"}, follow=True
    ).content.decode()
    assert "Your request for assistance" in letter and "Unpaid wages" in letter
    listing = supervisor.get(
        "/migrant_assistance/?status=closed&destination=CA&person_sex=F"
    ).content.decode()
    assert request.reference in listing
    assert request.reference not in supervisor.get("/migrant_assistance/?person_sex=M").content.decode()


def _request(officer, destination, sex, kind, occupation, cost=None, earnings=None, currency="USD", **extra):
    values = {
        "person_name": "P",
        "person_sex": sex,
        "destination": code_lookup("iso3166", destination),
        "request_type": code_lookup("assistance_request_type", kind),
        "occupation": code_lookup("isco08", occupation) if occupation else None,
        **extra,
    }
    if cost is not None or earnings is not None:
        values.update(recruitment_cost=cost, monthly_earnings=earnings, currency=currency)
    return assistance_request_open(values=values, by=officer)


def test_report_tables_equal_the_records_and_the_ratio_a_hand_computation(kn):
    with tenant_context(kn):
        officer = user_in(kn, "officer")
        specs = (
            ("US", "F", "WAGES", "5131", Decimal("1000"), Decimal("2000")),  # 0.5
            ("US", "M", "WAGES", "9211", Decimal("2500"), Decimal("2000")),  # 1.25
            ("US", "F", "CONTRACT", "9211", Decimal("4000"), Decimal("2000")),  # 2
            ("CA", "M", "REPATRIATION", "7112", Decimal("1000"), Decimal("3000")),  # 1/3
            ("CA", "F", "ABUSE", None, Decimal("2000"), Decimal("3000")),  # 2/3
            ("GB", "M", "PRE_DEPARTURE", "2221", None, None),  # no ratio
            ("GB", "F", "OTHER", "2221", Decimal("0"), Decimal("1800")),  # 0
        )
        for destination, sex, kind, occupation, cost, earnings in specs:
            _request(officer, destination, sex, kind, occupation, cost, earnings)
        # Received long before the period: in no table.
        _request(
            officer,
            "US",
            "F",
            "WAGES",
            "5131",
            Decimal("9000"),
            Decimal("100"),
            opened_on=datetime.date(2001, 1, 5),
        )
        period = period_parse(str(TODAY.year))
        grids = {
            "destination": BY_DESTINATION_AND_SEX.grid(period),
            "type": BY_TYPE_AND_SEX.grid(period),
            "occupation": BY_OCCUPATION_AND_SEX.grid(period),
        }
        ratios = RECRUITMENT_COST_BY_DESTINATION.grid(period)
        in_period = AssistanceRequest.objects.filter(opened_on__year=TODAY.year)
        expected = {
            "destination": Counter(in_period.values_list("destination__title", "person_sex")),
            "type": Counter(in_period.values_list("request_type__title", "person_sex")),
            "occupation": Counter(
                (request.occupation.path[0] if request.occupation else None, request.person_sex)
                for request in in_period.select_related("occupation")
            ),
        }
        workflow = WORKFLOW.grid(period)
    for name, grid in grids.items():
        sexes = [value for value, _label in grid.columns]
        for label, counts, _total in grid.rows:
            key = label.split(" ")[0] if name == "occupation" and label != "not recorded" else label
            key = None if label == "not recorded" else key
            for sex, count in zip(sexes, counts, strict=True):
                assert count == expected[name].get((key, sex), 0), (name, label, sex)
        assert grid.total == 7 == sum(expected[name].values())
    type_rows = [label for label, _counts, _total in grids["type"].rows]
    assert "Pre-departure information" in type_rows and len(type_rows) == 6  # every type, counted or not

    # SDG 10.7.1: the mean of each worker's cost / earnings, by destination, with how many workers.
    by_hand = {}
    for destination, *_rest, cost, earnings in specs:
        if cost is not None:
            by_hand.setdefault(destination, []).append(cost / earnings)
    mean = {
        code: (sum(values) / len(values)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        for code, values in by_hand.items()
    }
    titles = {
        "US": "United States of America",
        "CA": "Canada",
        "GB": "United Kingdom of Great Britain and Northern Ireland",
    }
    rows = {label: cells for label, cells, _total in ratios.rows}
    assert rows == {
        titles["US"]: [mean["US"], 3],
        titles["CA"]: [mean["CA"], 2],
        titles["GB"]: [mean["GB"], 1],
    }
    assert mean == {"US": Decimal("1.25"), "CA": Decimal("0.50"), "GB": Decimal("0.00")}
    everyone = [ratio for values in by_hand.values() for ratio in values]
    # The total is the mean over all the workers (not a sum of the destinations' means), and their number.
    assert ratios.column_totals == [
        (sum(everyone) / len(everyone)).quantize(Decimal("0.01"), ROUND_HALF_UP),
        6,
    ]
    assert not ratios.row_totals
    assert workflow.total == 8  # every request is open, the old one too


def test_the_ratio_table_and_the_list_export(kn):
    with tenant_context(kn):
        officer = user_in(kn, "officer")
        _request(officer, "US", "F", "WAGES", "5131", Decimal("1000"), Decimal("2000"))
        _request(officer, "US", "M", "WAGES", "5131", Decimal("3000"), Decimal("2000"))
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    page = statistician.get(
        f"/reports/migrant-assistance-recruitment-cost/?period={TODAY.year}"
    ).content.decode()
    assert "United States of America" in page and "1.00" in page
    excel = statistician.get(f"/reports/migrant-assistance-recruitment-cost/?period={TODAY.year}&format=xlsx")
    sheet = list(load_workbook(io.BytesIO(excel.content)).active.iter_rows(values_only=True))
    assert sheet[-1][:3] == ("Total", 1, 2)
    export = statistician.get("/migrant_assistance/export.xlsx?sort=opened_on")
    rows = list(
        load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.iter_rows(values_only=True)
    )
    ratio = rows[0].index("Recruitment cost ÷ earnings (SDG 10.7.1)")
    assert sorted(row[ratio] for row in rows[1:]) == [0.5, 1.5]


def test_roles_decide_who_may_do_what(kn):
    with tenant_context(kn):
        request = _request(user_in(kn, "officer"), "US", "F", "WAGES", "5131")
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    submitter = sign_in(client_for("kn.localhost"), kn, "agency_submitter")
    assert statistician.get(f"/migrant_assistance/{request.pk}/").status_code == 200
    assert statistician.get("/migrant_assistance/new/").status_code == 403
    assert _post(statistician, "/api/v1/migrant_assistance/", _payload()).status_code == 403
    assert statistician.get("/migrant_assistance/export.xlsx").status_code == 200
    assert officer.get("/migrant_assistance/export.xlsx").status_code == 403
    assert _post(officer, f"/api/v1/cases/{request.pk}/assign/", {"officer": "officer"}).status_code == 403
    # Personal data is case data: nothing for a partner agency's submitter.
    for url in (
        "/migrant_assistance/",
        f"/migrant_assistance/{request.pk}/",
        "/api/v1/migrant_assistance/",
        f"/api/v1/migrant_assistance/{request.pk}/",
        f"/api/v1/migrant_assistance/{request.pk}/actions/",
        "/reports/migrant-assistance-by-destination-and-sex/",
    ):
        assert submitter.get(url).status_code in (403, 404), url
    with tenant_context(kn):
        request.refresh_from_db()
        assert request.assigned_to is None and request.status == "received"


def test_the_demo_loads_once_at_every_stage(kn, sr):
    with tenant_context(kn):
        assert migrant_assistance_demo(kn) == 25
        assert migrant_assistance_demo(kn) == 0
        statuses = set(AssistanceRequest.objects.values_list("status", flat=True))
        assert statuses == {"received", "in_progress", "closed", "withdrawn"}
        destinations = set(AssistanceRequest.objects.values_list("destination__code", flat=True))
        assert {"US", "CA", "GB"} & destinations and "KN" not in destinations
        assert AssistanceRequest.objects.filter(recruitment_cost__isnull=False).count() >= 10
        for request in AssistanceRequest.objects.filter(status="closed"):
            assert request.outcome and request.actions.exists()
    with tenant_context(sr):
        assert migrant_assistance_demo(sr) == 25
        assert set(AssistanceRequest.objects.values_list("destination__code", flat=True)) <= {
            "NL",
            "GF",
            "GY",
            "US",
            "CW",
        }


def test_a_kn_request_is_not_found_at_lc_and_a_disabled_module_answers_404(kn, lc):
    with tenant_context(kn):
        request = _request(user_in(kn, "officer"), "US", "F", "WAGES", "5131")
    lc_officer = sign_in(client_for("lc.localhost"), lc, "officer")
    for url in (
        f"/migrant_assistance/{request.pk}/",
        f"/api/v1/migrant_assistance/{request.pk}/",
        f"/api/v1/migrant_assistance/{request.pk}/actions/",
        f"/api/v1/cases/{request.pk}/events/",
    ):
        assert lc_officer.get(url).status_code == 404, url
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert 'href="/migrant_assistance/"' in officer.get("/").content.decode()
    module_disable(country=kn, key="migrant_assistance", by=None)
    assert 'href="/migrant_assistance/"' not in officer.get("/").content.decode()
    for url in (
        "/migrant_assistance/",
        f"/migrant_assistance/{request.pk}/",
        "/api/v1/migrant_assistance/",
        f"/api/v1/cases/{request.pk}/events/",
        "/reports/migrant-assistance-workflow/",
    ):
        assert officer.get(url).status_code == 404, url
    module_enable(country=kn, key="migrant_assistance", by=None)
    assert officer.get("/migrant_assistance/").status_code == 200


def test_the_api_is_in_the_openapi_schema(kn_client):
    paths = kn_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/migrant_assistance/"])
    assert {"get", "put", "patch"} <= set(paths["/api/v1/migrant_assistance/{id}/"])
    assert {"get", "post"} <= set(paths["/api/v1/migrant_assistance/{id}/actions/"])
    assert {"get", "put", "patch"} <= set(paths["/api/v1/migrant_assistance/actions/{id}/"])
