"""The API on every host: tokens and sessions valid only where issued, one error shape, OpenAPI per host."""

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context
from rest_framework.authtoken.models import Token

from clmis.accounts.services import api_token_issue
from tests.support import PASSWORD, client_for, sign_in, user_in


def _token_for(country, username: str) -> str:
    with tenant_context(country):
        return api_token_issue(user=user_in(country, username)).key


def test_me_tells_who_and_where(kn):
    client = client_for("kn.localhost")
    response = client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {_token_for(kn, 'officer')}")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "officer"
    assert body["site"] == {"kind": "country", "code": "kn", "name": "Saint Kitts and Nevis"}
    assert body["roles"] == [{"key": "officer", "label": "DoL officer"}]
    assert body["language"] == "en"


def test_me_on_the_hub_with_a_session(hub_client):
    sign_in(hub_client, None, "regional_analyst")
    body = hub_client.get("/api/v1/me/").json()
    assert body["site"]["kind"] == "hub" and body["roles"][0]["key"] == "regional_analyst"


def test_a_kn_token_is_rejected_on_lc_and_on_the_hub(kn, lc):
    token = _token_for(kn, "officer")
    for host in ("lc.localhost", "localhost"):
        response = client_for(host).get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")
        assert response.status_code == 401, host
        assert response.json() == {"detail": "Invalid token.", "code": "authentication_failed"}
    with tenant_context(lc):
        assert not Token.objects.filter(key=token).exists()


def test_unauthenticated_calls_get_401_with_the_error_shape(kn_client):
    response = kn_client.get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {
        "detail": "Authentication credentials were not provided.",
        "code": "not_authenticated",
    }


def test_unknown_endpoint_answers_404_json_or_page(kn_client):
    for path in ("/api/v1/nothing-here/", "/api/v1/complaints/not-a-number/"):
        response = kn_client.get(path)
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found.", "code": "not_found"}
    page = kn_client.get("/nothing-here/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_the_schema_documents_the_errors_an_endpoint_answers(kn_client):
    schema = kn_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    change = schema["paths"]["/api/v1/complaints/{id}/"]["put"]["responses"]
    assert set(change) == {"200", "400", "401", "403", "404", "409", "415"}
    stale = change["409"]["content"]["application/json"]["schema"]
    assert stale == {"$ref": "#/components/schemas/StaleAnswer"}
    assert set(schema["components"]["schemas"]["ErrorAnswer"]["required"]) == {"detail", "code"}
    # Nothing to check (no parameters, no body) and no row named nor pages: no 400, 404 or 415.
    me = schema["paths"]["/api/v1/me/"]["get"]["responses"]
    assert set(me) == {"200", "401", "403"}


def test_issuing_a_token_replaces_the_old_one(kn):
    old = _token_for(kn, "officer")
    new = _token_for(kn, "officer")
    client = client_for("kn.localhost")
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {old}").status_code == 401
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {new}").status_code == 200


def test_token_page_issues_after_reauthentication_and_revokes(kn):
    client = sign_in(client_for("kn.localhost"), kn, "officer", password_confirmed=False)
    asked = client.post("/profile/api-token/", {"action": "issue"})
    # Issuing a token is sensitive: the password is asked again, then the request is carried out.
    assert asked.status_code == 302 and asked["Location"].startswith("/accounts/reauthenticate/")
    with tenant_context(kn):
        assert not Token.objects.filter(user__username="officer").exists()
    issued = client.post(asked["Location"], {"password": PASSWORD}, follow=True)
    key = issued.context["new_key"]
    assert client_for("kn.localhost").get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    client.post("/profile/api-token/", {"action": "revoke"})
    assert client_for("kn.localhost").get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401


def test_openapi_schema_is_per_host(kn_client, hub_client):
    country = kn_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    hub = hub_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert country.status_code == hub.status_code == 200
    assert country.json()["openapi"].startswith("3.")
    assert "/api/v1/me/" in country.json()["paths"] and "/api/v1/countries/" not in country.json()["paths"]
    assert "/api/v1/countries/" in hub.json()["paths"]


def test_api_docs_are_served_from_local_assets(kn_client):
    page = kn_client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower() and "unpkg" not in page.lower()
    # Swagger UI's start-up script is a file of its own, as the Content-Security-Policy requires.
    script = kn_client.get("/api/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


def test_hub_countries_api_lists_and_refuses_bad_input(countries, db):
    client = sign_in(client_for("localhost"), None, "regional_analyst")
    listing = client.get("/api/v1/countries/?search=Lucia").json()
    assert listing["count"] == 1 and listing["results"][0]["code"] == "lc"
    assert listing["results"][0]["host"] == "lc.localhost"
    # a regional analyst may read but not create
    assert client.post("/api/v1/countries/", {"code": "bb", "name": "Barbados"}).status_code == 403


def test_hub_countries_api_is_not_on_country_hosts(kn):
    client = sign_in(client_for("kn.localhost"), kn, "officer")
    assert client.get("/api/v1/countries/").status_code == 404


def test_hub_admin_creates_a_country_through_the_api(countries, db):
    with schema_context(get_public_schema_name()):
        TOTP.activate(user_in(None, "hub_admin"), generate_totp_secret())
    client = sign_in(client_for("localhost"), None, "hub_admin")
    bad = client.post(
        "/api/v1/countries/",
        {"code": "zz", "name": "Nowhere", "timezone": "Mars/Olympus"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert bad.json() == {
        "detail": "The request is not valid.",
        "code": "invalid",
        "errors": {
            "code": ["zz is not an ISO 3166 country code."],
            "timezone": ["Mars/Olympus is not a time zone name such as America/St_Kitts."],
        },
    }
    made = client.post(
        "/api/v1/countries/",
        {"code": "bb", "name": "Barbados", "timezone": "America/Barbados", "domains": ["lmis.labour.gov.bb"]},
        content_type="application/json",
    )
    assert made.status_code == 201
    assert made.json()["host"] == "bb.localhost" and made.json()["domains"] == ["lmis.labour.gov.bb"]
