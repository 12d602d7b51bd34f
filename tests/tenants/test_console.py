"""The hub's countries console: hub administrators create countries; bad input is explained, nothing made."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django_tenants.utils import get_public_schema_name, schema_context, schema_exists, tenant_context

from tenants.models import Country
from tests.support import client_for, sign_in, user_in


@pytest.fixture
def hub_admin(countries, db):
    with schema_context(get_public_schema_name()):
        TOTP.activate(user_in(None, "hub_admin"), generate_totp_secret())
    return sign_in(client_for("localhost"), None, "hub_admin")


def test_hub_admin_creates_a_country_from_the_form(hub_admin):
    response = hub_admin.post(
        "/countries/new/",
        {
            "code": "bb",
            "name": "Barbados",
            "default_language": "en",
            "timezone": "America/Barbados",
            "domains": "",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/countries/bb/"
    assert "Barbados is ready at bb.localhost" in response.content.decode()
    assert schema_exists("bb") and Country.objects.get(schema_name="bb").iso3 == "BRB"
    assert client_for("bb.localhost").get("/accounts/login/").status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"code": "zz", "name": "Nowhere"}, "zz is not an ISO 3166 country code."),
        ({"code": "kn", "name": "Saint Kitts and Nevis"}, "A country with code kn already exists"),
        ({"code": "bb", "name": "Barbados", "timezone": "Mars/Olympus"}, "Mars/Olympus is not a time zone"),
        (
            {"code": "bb", "name": "Barbados", "domains": "kn.localhost"},
            "one of the platform&#x27;s own addresses",
        ),
        (
            {"code": "bb", "name": "Barbados", "administrator_email": "o'brien@labour.gov.bb"},
            "it is also the user name",
        ),
        ({"code": "bb", "name": "Barbados", "administrator_email": "lena"}, "Enter a valid email address"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_created(hub_admin, data, message):
    before = Country.objects.count()
    form = {"default_language": "en", "timezone": "UTC", "domains": "", **data}
    response = hub_admin.post("/countries/new/", form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Country.objects.count() == before


def test_a_country_is_made_with_its_first_administrator_who_sets_a_password_from_the_mail(
    hub_admin, django_capture_on_commit_callbacks, mailoutbox
):
    email = "lena.henry@labour.gov.bb"
    form = {
        "code": "bb",
        "name": "Barbados",
        "default_language": "en",
        "timezone": "America/Barbados",
        "domains": "",
        "administrator_email": email,
        "administrator_first_name": "Lena",
        "administrator_last_name": "Henry",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = hub_admin.post("/countries/new/", form, follow=True)
    assert f"{email} is its LMIS administrator" in response.content.decode()
    barbados = Country.objects.get(schema_name="bb")
    with tenant_context(barbados):
        administrator = get_user_model().objects.get(email=email)
        assert administrator.get_full_name() == "Lena Henry" and not administrator.has_usable_password()
        assert list(administrator.groups.values_list("name", flat=True)) == ["lmis_admin"]

    (mail,) = mailoutbox
    assert mail.to == [email] and mail.subject == "You are the LMIS administrator of Barbados"
    link = re.search(r"http://bb\.localhost:8000(/accounts/password/reset/key/\S+)", mail.body)
    assert link, mail.body
    client = client_for("bb.localhost")
    page = client.get(link[1], follow=True)  # allauth keeps the key in the session, out of the address
    assert 'name="password1"' in page.content.decode()
    password = "Sandy-Lane-2026!"
    client.post(page.redirect_chain[-1][0], {"password1": password, "password2": password})
    with tenant_context(barbados):
        administrator.refresh_from_db()
        assert administrator.check_password(password)


def test_the_forms_help_is_in_the_language_of_each_reader(hub_admin):
    hub_admin.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    assert "Twee letters, zoals kn." in hub_admin.get("/countries/new/").content.decode()
    hub_admin.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "Two letters, such as kn." in hub_admin.get("/countries/new/").content.decode()


def test_a_regional_analyst_sees_countries_but_cannot_create(countries, db):
    client = sign_in(client_for("localhost"), None, "regional_analyst")
    assert client.get("/countries/").status_code == 200
    assert client.get("/countries/new/").status_code == 403
    assert client.post("/countries/new/", {"code": "bb", "name": "Barbados"}).status_code == 403
    assert not Country.objects.filter(schema_name="bb").exists()


def test_country_pages_paginate_and_filter(hub_admin):
    listing = hub_admin.get("/countries/?status=maintenance")
    assert "No country matches this search." in listing.content.decode()
    assert hub_admin.get("/countries/kn/").status_code == 200
    assert hub_admin.get("/countries/zz/").status_code == 404


def test_the_countries_console_is_not_served_on_country_hosts(kn):
    client = sign_in(client_for("kn.localhost"), kn, "officer")
    assert client.get("/countries/").status_code == 404
