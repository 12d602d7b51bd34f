"""Signing in, country separation and the language of pages, as a person sees them in Chromium.

The unit tests of tests/accounts prove the same rules through Django's test client; these prove that
a real browser, with its own cookie and redirect handling, gets the same result at each host.
"""

import pytest
from django.contrib.auth import get_user_model
from django_tenants.utils import tenant_context
from playwright.sync_api import Page, expect

from clmis.accounts.services import user_create
from tests.browser.pages import open_sign_in, sign_in, sign_out, submit_sign_in
from tests.support import PASSWORD, Site, committed

pytestmark = pytest.mark.browser

# Only kn's browser_kn_only account has this password; lc has no such account at all.
KN_ONLY_USERNAME = "browser_kn_only"
KN_ONLY_PASSWORD = "kn-only-browser-secret-7"
# A user of its own, so switching its language never changes what other tests see for `officer`.
POLYGLOT_USERNAME = "browser_polyglot"
REFUSED = "The username and/or password you specified are not correct."


def country_user_ensure(country, username: str, password: str, preferred_language: str = "") -> None:
    """A committed officer of one country's schema with exactly this password and language."""

    def ensure() -> None:
        with tenant_context(country):
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                user_create(
                    username=username,
                    email=f"{username}@example.org",
                    password=password,
                    roles=["officer"],
                    preferred_language=preferred_language,
                )
                return
            user.set_password(password)
            user.preferred_language = preferred_language
            user.save(update_fields=["password", "preferred_language"])

    committed(ensure)


def preferred_language_of(country, username: str) -> str:
    def read() -> str:
        with tenant_context(country):
            return get_user_model().objects.get(username=username).preferred_language

    return committed(read)


def user_exists(country, username: str) -> bool:
    def read() -> bool:
        with tenant_context(country):
            return get_user_model().objects.filter(username=username).exists()

    return committed(read)


def test_officer_signs_in_on_kn_and_sees_the_country_shell(page: Page, site: Site):
    page.goto(site.country("kn"))
    expect(page).to_have_url(site.country("kn", "/accounts/login/?next=/"))
    expect(page.locator("h1")).to_have_text("Sign in to Saint Kitts and Nevis")

    sign_in(page, site.country("kn"), "officer")

    expect(page).to_have_url(site.country("kn", "/"))
    expect(page.locator("header .brand")).to_contain_text("Saint Kitts and Nevis")
    expect(page.locator("main")).to_contain_text(
        "You are signed in to the Department of Labour of Saint Kitts and Nevis."
    )
    expect(page.locator("header .roles")).to_have_text("DoL officer")
    switcher = page.locator("select#language-switch")
    expect(switcher).to_be_visible()
    expect(switcher).to_have_value("en")


def test_regional_analyst_signs_in_on_the_hub(page: Page, site: Site):
    sign_in(page, site.hub(), "regional_analyst")

    expect(page).to_have_url(site.hub("/"))
    expect(page.locator("main")).to_contain_text("You are signed in to the regional hub.")
    expect(page.locator("header .roles")).to_have_text("Regional analyst")


def test_a_kn_account_works_at_kn_and_is_refused_at_lc(new_context, site: Site, countries):
    country_user_ensure(countries["kn"], KN_ONLY_USERNAME, KN_ONLY_PASSWORD)
    assert not user_exists(countries["lc"], KN_ONLY_USERNAME)

    at_kn = new_context().new_page()
    sign_in(at_kn, site.country("kn"), KN_ONLY_USERNAME, KN_ONLY_PASSWORD)
    expect(at_kn).to_have_url(site.country("kn", "/"))
    expect(at_kn.locator("main h1")).to_have_text(f"Welcome, {KN_ONLY_USERNAME}")

    at_lc = new_context().new_page()
    sign_in(at_lc, site.country("lc"), KN_ONLY_USERNAME, KN_ONLY_PASSWORD)
    expect(at_lc).to_have_url(site.country("lc", "/accounts/login/"))
    expect(at_lc.get_by_role("alert")).to_contain_text(REFUSED)
    expect(at_lc.locator("h1")).to_have_text("Sign in to Saint Lucia")


def test_a_kn_session_does_not_follow_the_browser_to_lc(page: Page, site: Site):
    """The session cookie is host-only: the same browser is a stranger at the next country."""
    sign_in(page, site.country("kn"), "officer")
    expect(page).to_have_url(site.country("kn", "/"))

    page.goto(site.country("lc"))
    expect(page).to_have_url(site.country("lc", "/accounts/login/?next=/"))
    expect(page.locator("h1")).to_have_text("Sign in to Saint Lucia")
    kn_cookies = {cookie["name"] for cookie in page.context.cookies(site.country("kn"))}
    lc_cookies = {cookie["name"] for cookie in page.context.cookies(site.country("lc"))}
    assert "sessionid" in kn_cookies and "sessionid" not in lc_cookies


def test_switching_to_dutch_is_remembered_for_the_user(new_context, site: Site, countries):
    kn = countries["kn"]
    country_user_ensure(kn, POLYGLOT_USERNAME, PASSWORD)
    page = new_context().new_page()
    sign_in(page, site.country("kn"), POLYGLOT_USERNAME)
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.select_option("#language-switch", label="Nederlands")
    with page.expect_navigation():
        page.get_by_role("button", name="Change").click()

    expect(page).to_have_url(site.country("kn", "/"))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("#language-switch")).to_have_value("nl")
    # The project's Dutch catalog: the switcher's button, the home page, the sign-out button.
    expect(page.locator("form.language button[type=submit]")).to_have_text("Wijzigen")
    expect(page.locator("main")).to_contain_text("U bent aangemeld bij de Afdeling Arbeid van Saint Kitts")
    expect(page.locator("header form[action='/accounts/logout/'] button")).to_have_text("Afmelden")
    assert preferred_language_of(kn, POLYGLOT_USERNAME) == "nl"

    sign_out(page)
    expect(page).to_have_url(site.country("kn", "/accounts/login/?next=/"))
    # allauth's Dutch for "You have signed out."; this browser still has the Dutch cookie.
    expect(page.get_by_role("status")).to_have_text("Je bent afgemeld.")

    # A new browser has no language cookie: kn's sign-in form is English until the user is known.
    again = new_context().new_page()
    open_sign_in(again, site.country("kn"))
    expect(again.locator("html")).to_have_attribute("lang", "en")
    submit_sign_in(again, POLYGLOT_USERNAME)
    expect(again).to_have_url(site.country("kn", "/"))
    expect(again.locator("html")).to_have_attribute("lang", "nl")
    expect(again.locator("form.language button[type=submit]")).to_have_text("Wijzigen")


def test_suriname_signs_in_in_dutch_by_default(page: Page, site: Site):
    """The country's default language, not the browser's (this one asks for English)."""
    page.goto(site.country("sr"))
    expect(page).to_have_url(site.country("sr", "/accounts/login/?next=/"))
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("#language-switch")).to_have_value("nl")
    # The project's Dutch catalog (heading, button) and allauth's (the password field, its reset link).
    expect(page.locator("h1")).to_have_text("Aanmelden bij Suriname")
    expect(page.locator("form.login button[type=submit]")).to_have_text("Aanmelden")
    expect(page.locator("label[for=id_password]")).to_contain_text("Wachtwoord")
    expect(page.locator("#id_password_helptext")).to_have_text("Wachtwoord vergeten?")


def test_an_unknown_host_says_no_site_with_404(page: Page, site: Site):
    response = page.goto(site.url("zz.localhost"))
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("No site at this address")
    expect(page.locator("main")).to_contain_text("zz.localhost")


@pytest.mark.parametrize(
    ("host", "path", "word"),
    [("kn", "/lmi/", "Calendario de publicaciones"), ("hub", "/data/", "Metodología")],
)
def test_a_reader_who_switches_language_gets_the_public_page_in_it(page: Page, site: Site, host, path, word):
    """The public pages are cached, by the server and the browser: the switch must not bring back the
    page in the language left."""
    url = site.hub(path) if host == "hub" else site.country(host, path)
    page.goto(url)
    page.select_option("#language-switch", "es")
    with page.expect_navigation():
        page.click("form.language button[type=submit]")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator("main")).to_contain_text(word)
