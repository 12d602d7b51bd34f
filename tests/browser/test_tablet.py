"""On a tablet (768 px wide, held upright) no page is wider than the screen: the pages of the menus of a
country's officer and statistician and of the hub's regional analyst, and the public sites' pages,
scroll only downwards."""

import pytest
from playwright.sync_api import Page

from tests.browser.pages import sign_in
from tests.support import Site

pytestmark = pytest.mark.browser

TABLET = {"width": 768, "height": 1024}


def _wider_than_the_screen(page: Page, urls: list[str]) -> dict[str, int]:
    """The pages among `urls` whose content is wider than the window, with their width."""
    wider = {}
    for url in urls:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > TABLET["width"]:
            wider[url] = width
    return wider


def _menu(page: Page) -> list[str]:
    return page.eval_on_selector_all("nav.menu a", "links => links.map(link => link.href)")


@pytest.mark.parametrize(
    ("host", "username"), [("kn", "officer"), ("kn", "statistician"), ("hub", "regional_analyst")]
)
def test_no_page_of_the_menu_is_wider_than_a_tablet(page: Page, site: Site, host: str, username: str):
    page.set_viewport_size(TABLET)
    sign_in(page, site.hub() if host == "hub" else site.country(host), username)
    pages = [page.url, *_menu(page)]
    assert len(pages) > 3
    assert _wider_than_the_screen(page, pages) == {}


def test_the_public_sites_are_not_wider_than_a_tablet(page: Page, site: Site):
    page.set_viewport_size(TABLET)
    urls = [site.country("kn", "/lmi/"), site.hub("/data/")]
    page.goto(urls[1])
    urls += page.eval_on_selector_all("main a[href^='/data/']", "links => links.map(link => link.href)")[:10]
    assert _wider_than_the_screen(page, urls) == {}
