"""Signing in per host: users live in their schema; sessions and admin stay there."""

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.registry import modules_in_dependency_order
from tenants.selectors import modules_enabled_in
from tenants.services import module_disable
from tests.support import PASSWORD, client_for, sign_in, user_in


def _login(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"login": username, "password": password})


def test_country_user_signs_in_on_their_country_and_sees_the_shell(kn_client):
    response = _login(kn_client, "officer")
    assert response.status_code == 302 and response["Location"] == "/"
    home = kn_client.get("/")
    assert home.status_code == 200
    page = home.content.decode()
    assert "Saint Kitts and Nevis" in page and "DoL officer" in page and "officer" in page
    assert 'id="language-switch"' in page
    assert '<a href="/employers/">Employers</a>' in page  # the enabled modules the officer may open


def test_a_country_without_modules_says_what_to_do(kn):
    for config in reversed(modules_in_dependency_order(modules_enabled_in(kn))):
        module_disable(country=kn, key=config.manifest.key, by=None)
    page = sign_in(client_for("kn.localhost"), kn, "officer").get("/").content.decode()
    assert "No modules are enabled for Saint Kitts and Nevis yet" in page


def test_hub_user_signs_in_on_the_hub(hub_client):
    assert _login(hub_client, "regional_analyst").status_code == 302
    page = hub_client.get("/").content.decode()
    assert "regional hub" in page and "Regional analyst" in page


def test_a_kn_user_cannot_sign_in_on_lc(kn, lc):
    officer = user_in(kn, "officer")
    officer_lc = user_in(lc, "officer")
    assert officer.pk is not None and officer_lc.pk is not None
    # Same username in both schemas, different accounts: changing kn's password leaves lc's untouched.
    with tenant_context(kn):
        officer.set_password("only-valid-in-kn-123")
        officer.save()
    assert _login(client_for("kn.localhost"), "officer", "only-valid-in-kn-123").status_code == 302
    refused = _login(client_for("lc.localhost"), "officer", "only-valid-in-kn-123")
    assert refused.status_code == 200 and "not correct" in refused.content.decode()


def test_the_sign_in_field_says_it_takes_a_user_name_or_an_email(kn_client):
    page = kn_client.get("/accounts/login/").content.decode()
    assert "User name or email" in page and 'autocomplete="username"' in page


def test_wrong_credentials_get_a_clear_message(kn_client):
    response = _login(kn_client, "officer", "not-the-password")
    assert response.status_code == 200
    assert "The username and/or password you specified are not correct." in response.content.decode()


def test_a_kn_session_cookie_is_worthless_on_lc(kn, lc):
    kn_client = sign_in(client_for("kn.localhost"), kn, "officer")
    session_key = kn_client.cookies["sessionid"].value
    stolen = client_for("lc.localhost")
    stolen.cookies["sessionid"] = session_key
    response = stolen.get("/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    with tenant_context(lc):
        assert not Session.objects.filter(session_key=session_key).exists()


def test_session_cookie_is_host_only(kn_client):
    _login(kn_client, "officer")
    cookie = kn_client.cookies["sessionid"]
    assert cookie["domain"] == "" and cookie["httponly"]


def test_an_expired_session_sends_the_user_to_sign_in_again(kn):
    client = sign_in(client_for("kn.localhost"), kn, "officer")
    with tenant_context(kn):
        Session.objects.filter(session_key=client.cookies["sessionid"].value).update(
            expire_date=timezone.now() - timezone.timedelta(minutes=1)
        )
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=/")


def test_failed_sign_ins_lock_the_account_for_a_while(kn_client):
    for _attempt in range(5):
        _login(kn_client, "statistician", "wrong-password-here")
    locked = _login(kn_client, "statistician", PASSWORD)
    assert locked.status_code in (200, 429)
    assert "Too many failed login attempts" in locked.content.decode()
    assert "_auth_user_id" not in kn_client.session


def test_nobody_can_sign_up(kn_client):
    response = kn_client.get("/accounts/signup/")
    assert response.status_code == 200
    assert "Sign Up Closed" in response.content.decode() or "closed" in response.content.decode().lower()
    assert kn_client.post("/accounts/signup/", {"username": "intruder"}).status_code in (200, 403)


def test_password_reset_is_offered_per_host(kn_client, mailoutbox):
    response = kn_client.post("/accounts/password/reset/", {"email": "officer@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "http://kn.localhost/accounts/password/reset/key/" in mailoutbox[0].body


@pytest.mark.parametrize("username", ["officer", "statistician"])
def test_non_admin_roles_cannot_open_the_admin(kn, username):
    client = sign_in(client_for("kn.localhost"), kn, username)
    assert client.get("/admin/").status_code == 403


def test_password_change_enforces_the_policy(kn):
    client = client_for("kn.localhost")
    _login(client, "supervisor")
    weak = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "12345678", "password2": "12345678"},
    )
    assert weak.status_code == 200
    page = weak.content.decode()
    assert "at least 12 characters" in page and "entirely numeric" in page
    strong = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "harbour-lantern-4711", "password2": "harbour-lantern-4711"},
    )
    assert strong.status_code == 302
    assert _login(client_for("kn.localhost"), "supervisor", "harbour-lantern-4711").status_code == 302


def test_signing_out_ends_the_session(kn):
    client = client_for("kn.localhost")
    _login(client, "officer")
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302
