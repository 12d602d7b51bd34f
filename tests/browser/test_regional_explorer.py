"""The regional public site in the browser: from the home page's headline to the explorer, choosing
countries and years, reading the table and the chart, downloading the CSV, following the permalink
and switching the language."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.support import Site

pytestmark = pytest.mark.browser


def test_a_visitor_compares_two_countries_downloads_and_links_the_comparison(
    page: Page, site: Site, regional_facts
):
    page.goto(site.hub("/data/"))
    expect(page.locator("main")).to_contain_text("region 9.69")  # (850 + 15000 + 20000) / 370000
    page.get_by_role("link", name="Unemployment rate by sex and age").click()
    expect(page.locator("h2").first).to_contain_text("Unemployment rate by sex and age")

    page.get_by_role("checkbox", name="Saint Kitts and Nevis").check()
    page.get_by_role("checkbox", name="Saint Lucia").check()
    page.get_by_label("From").fill("2023")
    with page.expect_navigation():
        page.get_by_role("button", name="Compare").click()
    table = page.locator("main table").first
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).not_to_contain_text("Suriname")
    # The region of the two, from their parts: (850 + 15000) / 120000 = 13.21 %.
    expect(table.locator("tfoot")).to_contain_text("13.21")
    expect(page.locator("svg.chart polyline")).to_have_count(2)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download this comparison (CSV)").click()
    content = Path(download.value.path()).read_text(encoding="utf-8")
    assert "UNE_DEAP_SEX_AGE_RT,AGE=AGE_YTHADULT_YGE15,LCA,2024,15," in content
    assert "REGION,2024,13.21," in content

    permalink = page.get_by_role("link", name="Link to this comparison").get_attribute("href")
    page.goto(site.hub("/data/explore/") + permalink)
    expect(page.get_by_role("checkbox", name="Saint Lucia")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Suriname")).not_to_be_checked()

    page.get_by_label("Language").select_option("es")
    with page.expect_navigation():
        page.get_by_role("button", name="Change").click()
    expect(page.locator("h1")).to_have_text("Explorar y comparar")
    expect(page.get_by_role("checkbox", name="Saint Lucia")).to_be_checked()  # the same selection, in Spanish
