"""The main flows work with the keyboard alone, and the keyboard's focus is always visible: an officer
signs in, registers a complaint and starts its investigation; a reader of the public site goes from
the front page to an indicator's figures. Only Tab, typing and Enter: no click, no mouse."""

import pytest
from playwright.sync_api import Page, expect

from tests.support import PASSWORD, Site

pytestmark = pytest.mark.browser

# More Tab presses than any page here needs to reach its furthest control from the top.
MOST_TABS = 80
# The focused element's outline (or shadow) as the style sheet draws it: a focus ring one can see.
FOCUS_VISIBLE = """element => {
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    return outline || style.boxShadow !== 'none';
}"""


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the element matching `selector` has the focus, checking at every stop that the
    focus can be seen; fail if the element is never reached."""
    target = page.locator(selector).first
    expect(target).to_be_attached()
    for _press in range(MOST_TABS):
        page.keyboard.press("Tab")
        focused = page.locator(":focus")
        if focused.count():
            description = focused.evaluate("element => element.outerHTML.slice(0, 120)")
            assert focused.evaluate(FOCUS_VISIBLE), f"the focus on {description} cannot be seen"
        if target.evaluate("element => element === document.activeElement"):
            return
    pytest.fail(f"{selector} cannot be reached with Tab on {page.url}")


def press_enter_on(page: Page, selector: str) -> None:
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_an_officer_registers_a_complaint_with_the_keyboard_alone(page: Page, site: Site, complainant: str):
    page.goto(site.country("kn", "/accounts/login/"))
    tab_to(page, "input[name=login]")
    page.keyboard.type("officer")
    tab_to(page, "input[name=password]")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    press_enter_on(page, "nav.menu a[href='/complaints/']")
    press_enter_on(page, "main a[href='/complaints/new/']")
    tab_to(page, "#id_complainant_name")
    page.keyboard.type(complainant)
    tab_to(page, "#id_complainant_sex")
    page.keyboard.type("F")
    tab_to(page, "#id_new_employer")
    page.keyboard.type(f"Sandy Point Bakery {complainant[-6:]}")
    tab_to(page, "#id_category")
    page.keyboard.type("WAGES")
    tab_to(page, "#id_amount_claimed")
    page.keyboard.type("800")
    press_enter_on(page, "main form button[type=submit]")

    expect(page.get_by_role("status")).to_contain_text("is registered")
    press_enter_on(page, "section.case-panel button[type=submit]")
    expect(page.locator("section.case-panel")).to_contain_text("Under investigation")


def test_a_reader_reaches_the_regional_figures_with_the_keyboard_alone(
    page: Page, site: Site, regional_facts
):
    page.goto(site.hub("/data/"))
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_attribute("href", "#main")
    assert skip.evaluate(FOCUS_VISIBLE), "the skip link cannot be seen when it has the focus"
    press_enter_on(page, "main a[href^='/data/explore/?indicator=']")
    table = page.locator("main table").first
    expect(table).to_contain_text("Saint Lucia")
    expect(table).to_contain_text("15")
