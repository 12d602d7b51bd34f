"""Host routing: the hub at the base domain, a country at its hosts, nothing at unknown hosts."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenants.models import Country, Domain
from tenants.routing import route_for_host
from tenants.services import country_status_set
from tests.support import client_for, sign_in


def test_hub_and_countries_answer_at_their_hosts(countries, db):
    assert route_for_host("localhost").is_hub
    assert route_for_host("kn.localhost").country.code == "kn"
    assert route_for_host("lc.localhost").country.code == "lc"


def test_unknown_hosts_get_a_404_page_never_the_hub(countries, db):
    for host in (
        "zz.localhost",
        "example.org",
        "www.localhost",
        "kn.kn.localhost",
        "template.localhost",
    ):
        response = client_for(host).get("/accounts/login/")
        assert response.status_code == 404, host
        assert b"No site at this address" in response.content
        assert b"Sign in" not in response.content
        assert b'<a href="http://localhost/">' in response.content  # the way out is the hub, not this host


def test_a_malformed_host_is_a_bad_request(countries, db):
    assert client_for("country_template.localhost").get("/").status_code == 400


def test_custom_domain_routes_to_its_country(kn):
    Domain.objects.create(domain="lmis.labour.gov.kn", tenant=kn, is_primary=False)
    response = client_for("lmis.labour.gov.kn").get("/accounts/login/")
    assert response.status_code == 200
    assert b"Sign in to Saint Kitts and Nevis" in response.content


def test_host_is_matched_without_port_and_case(kn):
    response = client_for("KN.LocalHost:8000").get("/accounts/login/")
    assert response.status_code == 200 and b"Saint Kitts and Nevis" in response.content


def test_routing_costs_no_query_once_the_host_is_known(kn):
    client = client_for("kn.localhost")
    client.get("/accounts/login/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/accounts/login/")
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "tenants_country" not in sql and "tenants_domain" not in sql
    assert "search_path" not in sql.lower()


def test_a_closed_country_shows_a_maintenance_page_in_its_language(sr, countries):
    assert (
        client_for("sr.localhost").get("/accounts/login/").status_code == 200
    )  # the route is now remembered
    country_status_set(country=sr, status=Country.Status.MAINTENANCE)
    response = client_for("sr.localhost").get("/accounts/login/")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert b'<html lang="nl">' in response.content
    # other countries are unaffected
    assert client_for("kn.localhost").get("/accounts/login/").status_code == 200


def test_a_suspended_country_is_closed_to_its_users(kn):
    client = sign_in(client_for("kn.localhost"), kn, "officer")
    country_status_set(country=kn, status=Country.Status.SUSPENDED)
    response = client.get("/")
    assert response.status_code == 503
    assert b"suspended" in response.content
