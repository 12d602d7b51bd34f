"""The Content-Security-Policy in Chromium: the pages that used inline code work from files instead.

Every browser test fails when Chromium refuses anything under the policy (tests/browser/conftest.py),
so these only add the two pages that had inline code before the policy: a country's colours and the
API documentation.
"""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

BRAND_SHEET_LOADED = """() => [...document.styleSheets].some(
    (sheet) => sheet.href && sheet.href.includes('/site/brand.css') && sheet.cssRules.length === 1
)"""


def test_a_countrys_colours_come_from_its_own_stylesheet(page: Page, site, countries):
    page.goto(site.country("lc", "/accounts/login/"))
    expect(page.locator("header.site")).to_have_css("background-color", "rgb(11, 79, 138)")
    assert page.evaluate(BRAND_SHEET_LOADED)


def test_the_api_documentation_runs_under_the_policy(page: Page, site, countries):
    page.goto(site.country("kn", "/api/docs/"))
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("CLMIS API")
    expect(page.locator(".opblock-tag").first).to_be_visible()
