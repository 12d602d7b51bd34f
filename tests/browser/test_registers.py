"""An officer registers an employer in the browser, picks its activity by words, and sees its history."""

import uuid

import pytest
from django_tenants.utils import tenant_context
from playwright.sync_api import Page, expect

from modules.employers.models import Employer
from tests.browser.pages import sign_in
from tests.support import Site, committed

pytestmark = pytest.mark.browser


@pytest.fixture
def name(countries):
    """A fresh employer name; the employer the browser registered (committed) is removed afterwards."""
    name = f"Sugar Bay Club {uuid.uuid4().hex[:6]}"
    yield name

    def remove() -> None:
        with tenant_context(countries["kn"]):
            Employer.objects.filter(name=name).delete()

    committed(remove)


def test_an_officer_registers_an_employer_and_sees_its_history(page: Page, site: Site, name: str):
    sign_in(page, site.country("kn"), "officer")
    page.get_by_role("link", name="Employers").first.click()
    page.get_by_role("link", name="Register an employer").click()

    page.fill("#id_name", name)
    # The picker asks the server as one types: "accommodation" offers ISIC 5510.
    page.wait_for_load_state()  # the picker's script attaches once the page has loaded
    with page.expect_response(lambda response: "/tables/isic4/search/" in response.url):
        page.fill("#id_isic", "accommodation")
    expect(page.locator("#id_isic-codes option[value='5510']")).to_have_count(1)
    page.fill("#id_isic", "5510")
    page.select_option("#id_size_band", "10-49")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()

    expect(page.locator("h1")).to_have_text(name)
    expect(page.get_by_role("status")).to_contain_text(f"{name} is registered.")
    expect(page.locator("dl.facts")).to_contain_text("5510 Short term accommodation activities")
    history = page.locator("section.history")
    expect(history).to_contain_text("kn:officer")
    expect(history).to_contain_text("Created")

    page.get_by_role("link", name="Edit").click()
    page.fill("#id_phone", "+1 869 465 1234")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(history.locator("tbody tr")).to_have_count(2)
    expect(history).to_contain_text("+1 869 465 1234")
