"""A custom field in the browser: the LMIS administrator (with two-factor authentication) adds a field to
trade unions from the settings pages, and an officer finds it on the union form, fills it in and sees it
on the union's page."""

import uuid

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    generate_totp_secret,
)
from django.contrib.auth import get_user_model
from django_tenants.utils import tenant_context
from playwright.sync_api import Page, expect

from clmis.accounts.services import user_create
from modules.custom_fields.models import CustomField
from modules.unions.models import TradeUnion
from tests.browser.pages import sign_in, sign_out, two_factor
from tests.support import PASSWORD, Site, committed

pytestmark = pytest.mark.browser


@pytest.fixture
def administrator(countries):
    """An LMIS administrator of kn with an authenticator app, and the field and union the test makes,
    all removed after it (committed: the server sees them; removed: the other tests do not)."""
    suffix = uuid.uuid4().hex[:6]
    username, secret = f"admin_{suffix}", generate_totp_secret()

    def add() -> None:
        with tenant_context(countries["kn"]):
            user = user_create(
                username=username, email=f"{username}@example.org", password=PASSWORD, roles=["lmis_admin"]
            )
            TOTP.activate(user, secret)

    committed(add)
    yield username, secret, suffix

    def remove() -> None:
        with tenant_context(countries["kn"]):
            TradeUnion.objects.filter(name__endswith=suffix).delete()
            CustomField.objects.filter(key=f"affiliation_{suffix}").delete()
            get_user_model().objects.filter(username=username).delete()

    committed(remove)


def test_an_administrator_adds_a_field_and_an_officer_fills_it_in(page: Page, site: Site, administrator):
    username, secret, suffix = administrator
    sign_in(page, site.country("kn"), username)
    two_factor(page, secret)

    page.get_by_role("link", name="Settings").first.click()
    page.get_by_role("link", name="Custom fields").first.click()
    page.get_by_role("link", name="Add a field").click()
    page.select_option("#id_record", "unions.tradeunion")
    page.fill("#id_key", "name")
    page.fill("#id_label", "Regional affiliation")
    page.select_option("#id_kind", "text")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.locator(".field.invalid")).to_contain_text("already a field of trade unions")

    page.fill("#id_key", f"affiliation_{suffix}")
    page.check("#id_in_list")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Regional affiliation is added")
    sign_out(page)

    sign_in(page, site.country("kn"), "officer")
    page.goto(site.country("kn", "/unions/new/"))
    field = page.get_by_label("Regional affiliation")
    expect(field).to_be_visible()
    page.fill("#id_name", f"Seamen and Waterfront Workers {suffix}")
    field.fill("Caribbean Congress of Labour")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    details = page.locator("section[aria-labelledby=custom-heading]")
    expect(details).to_contain_text("Regional affiliation")
    expect(details).to_contain_text("Caribbean Congress of Labour")

    page.goto(site.country("kn", f"/unions/?q={suffix}"))
    expect(page.locator("table thead")).to_contain_text("Regional affiliation")
    expect(page.locator("table tbody")).to_contain_text("Caribbean Congress of Labour")
