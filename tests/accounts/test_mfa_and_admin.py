"""Privileged roles must set up MFA before any admin function; the admin stays in its own schema."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from tests.support import client_for, sign_in, user_in


def _enable_totp(country, username):
    user = user_in(country, username)
    context = tenant_context(country) if country else schema_context(get_public_schema_name())
    with context:
        TOTP.activate(user, generate_totp_secret())


@pytest.mark.parametrize(
    ("host", "code", "username", "page"),
    [
        ("kn.localhost", "kn", "lmis_admin", "/admin/"),
        ("localhost", None, "hub_admin", "/admin/"),
        ("localhost", None, "hub_admin", "/countries/new/"),
        ("localhost", None, "service_provider", "/"),
    ],
)
def test_privileged_roles_are_sent_to_set_up_mfa_first(countries, db, host, code, username, page):
    country = countries[code] if code else None
    client = sign_in(client_for(host), country, username, password_confirmed=False)
    response = client.get(page)
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/totp/activate/"
    # allauth asks for the password once more before an authenticator is added.
    setup = client.get(response["Location"], follow=True)
    assert setup.status_code == 200
    assert (
        setup.redirect_chain[-1][0] == "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    )


@pytest.mark.parametrize(
    ("host", "page"), [("localhost", "/data/"), ("localhost", "/sdmx/dataflow/"), ("kn.localhost", "/lmi/")]
)
def test_the_public_pages_stay_open_to_a_privileged_user_without_mfa(countries, db, host, page):
    code = "kn" if host == "kn.localhost" else None
    client = sign_in(
        client_for(host), countries[code] if code else None, "lmis_admin" if code else "hub_admin"
    )
    assert client.get(page).status_code == 200  # what anyone reads without signing in
    assert client.get("/").status_code == 302  # and nothing else


def test_privileged_api_use_needs_mfa_too(countries, db):
    client = sign_in(client_for("localhost"), None, "hub_admin")
    response = client.get("/api/v1/countries/")
    assert response.status_code == 403
    assert "two-factor" in response.json()["detail"]
    assert client.get("/api/v1/me/").json()["mfa_setup_required"] is True


def test_lmis_admin_with_mfa_opens_their_countrys_admin(kn):
    _enable_totp(kn, "lmis_admin")
    client = sign_in(client_for("kn.localhost"), kn, "lmis_admin")
    response = client.get("/admin/accounts/user/")
    assert response.status_code == 200
    assert b"officer" in response.content


def test_an_admin_of_kn_is_unknown_to_lcs_admin(kn, lc):
    _enable_totp(kn, "lmis_admin")
    client = sign_in(client_for("kn.localhost"), kn, "lmis_admin")
    stolen = client_for("lc.localhost")
    stolen.cookies["sessionid"] = client.cookies["sessionid"].value
    response = stolen.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert b"Sign in to Saint Lucia" in response.content


def test_the_admin_login_is_the_platforms_login(kn_client):
    response = kn_client.get("/admin/")
    assert response.status_code == 302
    followed = kn_client.get(response["Location"])
    assert followed.status_code == 302 and followed["Location"].startswith("/accounts/login/")


def test_lmis_admin_cannot_make_a_superuser(kn):
    _enable_totp(kn, "lmis_admin")
    client = sign_in(client_for("kn.localhost"), kn, "lmis_admin")
    officer = user_in(kn, "officer")
    page = client.get(f"/admin/accounts/user/{officer.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in page


def test_hub_admin_with_mfa_reaches_the_countries_console(countries, db):
    _enable_totp(None, "hub_admin")
    client = sign_in(client_for("localhost"), None, "hub_admin")
    assert client.get("/countries/new/").status_code == 200
    listing = client.get("/countries/?q=Suriname")
    assert (
        listing.status_code == 200
        and b"sr.localhost" in listing.content
        and b"Saint Lucia" not in listing.content
    )
