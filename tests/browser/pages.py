"""What a person does in the browser, shared by the browser tests: signing in and out."""

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
