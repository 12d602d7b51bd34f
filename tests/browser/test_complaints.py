"""A complaint's life in the browser: an officer registers and investigates it, a supervisor settles it."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import sign_in, sign_out
from tests.support import Site

pytestmark = pytest.mark.browser


def test_a_complaint_is_registered_investigated_and_settled(page: Page, site: Site, complainant: str):
    sign_in(page, site.country("kn"), "officer")
    page.get_by_role("link", name="Complaints").first.click()
    page.get_by_role("link", name="Register a complaint").click()
    page.fill("#id_complainant_name", complainant)
    page.select_option("#id_complainant_sex", "F")
    page.fill("#id_new_employer", f"Basseterre Laundry {complainant[-6:]}")
    page.wait_for_load_state()  # the picker's script attaches once the page has loaded
    with page.expect_response(lambda response: "/tables/complaint_category/search/" in response.url):
        page.fill("#id_category", "wages")
    expect(page.locator("#id_category-codes option[value='WAGES']")).to_have_count(1)
    page.fill("#id_category", "WAGES")
    page.fill("#id_amount_claimed", "1500")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("status")).to_contain_text("is registered")
    panel = page.locator("section.case-panel")
    expect(panel).to_contain_text("Received")
    with page.expect_navigation():
        page.get_by_role("button", name="Start investigation").click()
    expect(panel).to_contain_text("Under investigation")
    expect(page.get_by_role("link", name="Settle")).to_have_count(0)  # an officer cannot settle
    url = page.url
    sign_out(page)

    sign_in(page, site.country("kn"), "supervisor")
    page.goto(url)
    page.get_by_role("link", name="Settle").click()
    page.select_option("#id_case-outcome", "partly")
    page.fill("#id_case-settled_on", datetime.date.today().isoformat())
    page.fill("#id_case-amount_recovered", "1000")
    with page.expect_navigation():
        page.get_by_role("button", name="Settle").click()
    expect(panel).to_contain_text("Settled")
    expect(page.locator("ol.timeline")).to_contain_text("kn:supervisor")

    page.select_option("#id_key", "complaints/settlement")
    with page.expect_navigation():
        page.get_by_role("button", name="Produce").click()
    expect(page.locator("article.letter")).to_contain_text(complainant)
    expect(page.locator("article.letter")).to_contain_text("Partly settled")
    expect(page.locator("article.letter")).to_contain_text("1000")
