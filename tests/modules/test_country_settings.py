"""A country's settings: branding (with readable colours), logo, footer, languages offered and the default
language, the disclosure threshold; refusals; history; isolation."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from modules.country_settings.models import CountrySettings
from tenants.models import Country
from tests.support import client_for, sign_in, user_in

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def admin(kn):
    with tenant_context(kn):
        TOTP.activate(user_in(kn, "lmis_admin"), generate_totp_secret())
    return sign_in(client_for("kn.localhost"), kn, "lmis_admin")


def _post(client, **changes):
    values = {
        "site_name": "Department of Labour — St Kitts",
        "brand_colour": "#14532d",
        "brand_ink": "#ffffff",
        "footer": "Church Street, Basseterre",
        "languages": ["en", "es"],
        "default_language": "en",
        "disclosure_threshold": "5",
        "version": "1",
    } | changes
    return client.post("/settings/site/", values)


def test_the_administrator_brands_the_site_and_everyone_sees_it(admin, kn):
    logo = SimpleUploadedFile("logo.png", PNG, content_type="image/png")
    saved = _post(admin, logo_file=logo)
    assert saved.status_code == 302, saved.context["form"].errors if saved.context else saved
    visitor = client_for("kn.localhost")
    page = visitor.get("/accounts/login/").content.decode()
    assert "Department of Labour — St Kitts" in page
    assert "Church Street, Basseterre" in page and "/site/logo?v=1" in page
    # The colours are a stylesheet of their own (the CSP allows no inline style), new with each version.
    assert '<link rel="stylesheet" href="/site/brand.css?v=1">' in page
    colours = visitor.get("/site/brand.css")
    assert colours["Content-Type"].startswith("text/css") and colours["ETag"] == '"1"'
    assert colours.content.decode() == ":root { --brand: #14532d; --brand-ink: #ffffff; }\n"
    served = visitor.get("/site/logo")
    assert served.status_code == 200 and served["Content-Type"] == "image/png" and served.content == PNG
    with tenant_context(kn):
        settings = CountrySettings.objects.get()
        assert settings.disclosure_threshold == 5 and settings.history.get().actor == "kn:lmis_admin"
    assert client_for("lc.localhost").get("/site/logo").status_code == 404  # lc has none
    assert (
        "Department of Labour — St Kitts"
        not in client_for("lc.localhost").get("/accounts/login/").content.decode()
    )


def test_only_the_languages_offered_are_offered(admin, kn):
    assert _post(admin, languages=["en", "es"], default_language="es").status_code == 302
    with tenant_context(kn):
        assert Country.objects.get(schema_name="kn").default_language == "es"
    visitor = client_for("kn.localhost")
    page = visitor.get("/accounts/login/")
    assert page["Content-Language"] == "es"
    switcher = page.content.decode().split('id="language-switch"')[1].split("</select>")[0]
    assert 'value="es"' in switcher and 'value="en"' in switcher and 'value="nl"' not in switcher
    visitor.cookies["django_language"] = "nl"  # a language no longer offered falls back to the default
    assert visitor.get("/accounts/login/")["Content-Language"] == "es"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"brand_colour": "#0b4f8a", "brand_ink": "#1d4f8a"}, "brand_ink"),  # text on header unreadable
        ({"brand_colour": "#ffd500", "brand_ink": "#000000"}, "brand_colour"),  # links on white unreadable
        ({"brand_colour": "green"}, "brand_colour"),
        ({"languages": ["en", "nl"], "default_language": "fr"}, "default_language"),
        ({"languages": []}, "languages"),
        ({"logo_file": SimpleUploadedFile("logo.svg", b"<svg onload='x()'/>")}, "logo"),
    ],
)
def test_unreadable_colours_wrong_languages_and_bad_logos_are_refused(admin, kn, changes, field):
    if "logo_file" in changes:
        changes["logo_file"].seek(0)
    refused = _post(admin, **changes)
    assert refused.status_code == 200
    errors = refused.context["form"].errors
    assert field in errors or any(
        field.replace("_", " ") in str(error).lower() for error in errors.get("__all__", [])
    )
    with tenant_context(kn):
        assert not CountrySettings.objects.exists()
        assert Country.objects.get(schema_name="kn").default_language == "en"


def test_officers_cannot_change_the_settings(kn):
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert officer.get("/settings/site/").status_code == 403
    assert _post(officer).status_code == 403


def test_the_contrast_is_measured_as_wcag_does():
    from modules.country_settings.colours import contrast

    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54
    assert contrast("#777777", "#ffffff") < 4.5 < contrast("#767676", "#ffffff")


def test_one_menu_entry_leads_to_the_settings_a_user_may_change(admin, kn):
    home = admin.get("/").content.decode()
    assert 'href="/settings/"' in home and 'href="/settings/fields/"' not in home
    page = admin.get("/settings/").content.decode()
    for url in ("/settings/modules/", "/settings/fields/", "/settings/labels/", "/settings/workflows/"):
        assert f'href="{url}"' in page
    assert 'href="/settings/configuration/"' in page and 'href="/settings/site/"' in page
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert 'href="/settings/"' not in officer.get("/").content.decode()
    assert officer.get("/settings/").status_code == 403
