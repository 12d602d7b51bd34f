"""What a person does in the browser, shared by the browser tests: signing in (and the second factor), out."""

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import Page, expect

from tests.support import PASSWORD


def sign_in(page: Page, url: str, username: str, password: str = PASSWORD) -> None:
    """Open a host's start page, which sends a visitor to the sign-in form, and submit it."""
    open_sign_in(page, url)
    submit_sign_in(page, username, password)


def open_sign_in(page: Page, url: str) -> None:
    page.goto(url)
    expect(page).to_have_url(f"{url.rstrip('/')}/accounts/login/?next=/")


def submit_sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("form.login button[type=submit]")


def sign_out(page: Page) -> None:
    """Submit the header's sign-out form, found by its action so it works in every language."""
    with page.expect_navigation():
        page.click("header form[action='/accounts/logout/'] button[type=submit]")


def two_factor(page: Page, secret: str) -> None:
    """Answer the second-factor step after signing in with the code of the authenticator `secret`."""
    # A code is good for its 30-second window only: near the window's end, wait for the next one.
    if time.time() % mfa_settings.TOTP_PERIOD > mfa_settings.TOTP_PERIOD - 8:
        time.sleep(mfa_settings.TOTP_PERIOD - time.time() % mfa_settings.TOTP_PERIOD + 0.5)
    code = format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))
    page.fill("input[name=code]", code)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()
