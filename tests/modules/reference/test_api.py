"""The code tables' read-only API: tables with their sizes, codes searched, filtered and paginated."""

from django_tenants.utils import tenant_context

from clmis.accounts.services import api_token_issue
from tests.support import client_for, user_in


def _officer_api(kn):
    with tenant_context(kn):
        key = api_token_issue(user=user_in(kn, "officer")).key
    return client_for("kn.localhost"), {"HTTP_AUTHORIZATION": f"Token {key}"}


def test_the_tables_are_listed_with_their_sizes(kn):
    client, auth = _officer_api(kn)
    body = client.get("/api/v1/reference/", **auth).json()
    tables = {table["key"]: table for table in body["results"]}
    assert tables["isco08"] == {
        "key": "isco08",
        "title": "ISCO-08",
        "kind": "international",
        "version": "2008",
        "source": "ILO, ISCO-08 structure and definitions",
        "maps_to": "",
        "code_count": 619,
    }
    assert (tables["isic4"]["code_count"], tables["iso3166"]["code_count"]) == (766, 249)
    assert body["count"] == len(body["results"])


def test_codes_are_paginated_in_tree_order(kn):
    client, auth = _officer_api(kn)
    body = client.get("/api/v1/reference/isic4/codes/", **auth).json()
    assert body["count"] == 766 and len(body["results"]) == 50 and body["next"]
    assert body["results"][0] == {
        "code": "A",
        "title": "Agriculture, forestry and fishing",
        "level": 1,
        "parent": None,
        "path": "A",
        "harmonised_code": "",
        "active": True,
    }
    assert body["results"][1]["parent"] == "A"


def test_codes_are_searched_and_filtered(kn):
    client, auth = _officer_api(kn)
    nurses = client.get("/api/v1/reference/isco08/codes/", {"search": "nurse", "level": 4}, **auth).json()
    assert [code["code"] for code in nurses["results"][:2]] == ["2221", "3221"]
    assert all(code["level"] == 4 for code in nurses["results"])
    under = client.get("/api/v1/reference/isic4/codes/", {"parent": "107"}, **auth).json()
    assert [code["code"] for code in under["results"]] == ["1071", "1072", "1073", "1074", "1075", "1079"]
    sections = client.get("/api/v1/reference/isic4/codes/", {"level": 1, "page_size": 100}, **auth).json()
    assert sections["count"] == 21 and sections["results"][-1]["code"] == "U"


def test_bad_parameters_and_unknown_tables_are_answered_in_the_error_shape(kn):
    client, auth = _officer_api(kn)
    bad = client.get("/api/v1/reference/isco08/codes/", {"level": "two"}, **auth)
    assert bad.status_code == 400 and bad.json()["code"] == "invalid" and "level" in bad.json()["errors"]
    missing = client.get("/api/v1/reference/nothing/codes/", **auth)
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_the_api_needs_a_caller(kn_client):
    assert kn_client.get("/api/v1/reference/").status_code == 401
    assert kn_client.get("/api/v1/reference/isco08/codes/").status_code == 401


def test_the_endpoints_are_in_the_countrys_openapi_schema(kn_client):
    schema = kn_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert "/api/v1/reference/" in schema["paths"]
    codes = schema["paths"]["/api/v1/reference/{key}/codes/"]["get"]
    assert {"search", "level", "parent", "page"} <= {parameter["name"] for parameter in codes["parameters"]}
