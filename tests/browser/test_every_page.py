"""Every page, as each role sees it in the real Chromium on a tablet held upright (768 by 1024):
- passes axe-core with no serious or critical violation (WCAG 2.1 A and AA: labels, names, contrast,
  landmarks, headings...);
- is no wider than the screen: it scrolls only downwards (a wide table scrolls in its own frame);
- gives each chart's figures as a table as well (a chart is a picture to a screen reader).

What is checked: for every role of a country and of the hub, the page it lands on after signing in and
every page reached from it within two links on the same site (its menu, the lists, a record of each
list, the forms behind their buttons); and, signed out, the public sites two links deep from their
front pages, the sign-in page and the page of an address that does not exist. A page is checked once
per route (the twentieth case of a list is the same template as the first), by the first role that
reaches it; every role's crawl still visits all its pages, for the links only it is shown.

axe-core is vendored (tests/browser/vendor/axe-core, MPL-2.0) and run through the DevTools protocol,
which the Content-Security-Policy does not govern: the pages are checked as they are served. The
count of pages checked and of violations is printed (`pytest -s`) for docs/accessibility.md.
"""

import json
import re
from functools import cache
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import Page

from clmis.accounts.roles import ROLES, Scope
from clmis.demo import DEMO_PASSWORD
from tests.browser.demo_country import CODE, DEMO_USER_OF_ROLE, Demo
from tests.browser.pages import sign_in, two_factor
from tests.support import PASSWORD, Site

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA: the level a public service is held to.
STANDARD = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
TABLET = {"width": 768, "height": 1024}
COUNTRY_URLS = "clmis.urls.country"
HUB_URLS = "clmis.urls.hub"
# Where links lead that are not pages to check: signing out, switching language, downloads, the API
# (Swagger UI is a vendored tool with its own accessibility), the admin (Django's own).
NOT_PAGES = re.compile(
    r"^/(accounts/logout|i18n/|api/|static/|media/)|[?&]format=|/export|/download|\.(csv|xlsx|pdf|json|xml)$"
)


@cache
def _axe_source() -> str:
    """Read once: every page checked gets it injected afresh."""
    return AXE.read_text()


@pytest.fixture
def page(new_context) -> Page:
    """A tablet's page, whose refusals under the Content-Security-Policy are axe-core's own styles,
    not the application's (every other browser test checks the policy)."""
    page = new_context(policy_checked=False).new_page()
    page.set_viewport_size(TABLET)
    return page


def violations(page: Page) -> list[dict]:
    """axe-core's serious and critical violations of the page as it is now, each with where it is."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_source())
    results = page.evaluate(
        "standard => axe.run(document, {runOnly: {type: 'tag', values: standard},"
        " resultTypes: ['violations']})",
        STANDARD,
    )
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "where": [node["target"] for node in violation["nodes"][:3]],
            "url": page.url,
        }
        for violation in results["violations"]
        if violation["impact"] in BLOCKING
    ]


def problems(page: Page) -> list[dict]:
    """What is wrong with the page as it is now: axe-core's blocking violations, a width beyond the
    tablet's, a chart without the table of its figures."""
    found = violations(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > TABLET["width"]:
        found.append({"rule": "wider-than-a-tablet", "impact": "serious", "width": width, "url": page.url})
    if page.locator("main svg.chart").count() and not page.locator("main table").count():
        found.append({"rule": "chart-without-table", "impact": "serious", "url": page.url})
    return found


def _route(path: str, urlconf: str) -> str:
    """The page's route and the names of its query's parameters: one record of a list, or one value of
    a filter, stands for all of them."""
    address = urlsplit(path)
    try:
        route = resolve(address.path, urlconf=urlconf).route
    except Resolver404:
        route = address.path
    return f"{route}?{sorted(parse_qs(address.query))}"


def _links(page: Page) -> set[str]:
    """The same-site links of the page, without fragments."""
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.getAttribute('href'))")
    return {href.split("#")[0] for href in hrefs if href.startswith("/") and not href.startswith("//")}


def crawl(
    page: Page, base: str, start: str, urlconf: str, before: set[str], depth: int = 2
) -> tuple[dict[str, list[dict]], int]:
    """Every page within `depth` links of `start`, one per route, with its problems, and how many pages
    were visited; but a route in
    `before` (checked already, for another role of the site) is only visited for its links. `before`
    gets the routes checked here."""
    checked: dict[str, list[dict]] = {}
    routes: set[str] = set()
    visited: set[str] = set()
    frontier = [start]
    for _level in range(depth + 1):
        found: set[str] = set()
        for path in frontier:
            route = _route(path, urlconf)
            if NOT_PAGES.search(path) or route in routes:
                continue
            routes.add(route)
            response = page.goto(base + path)
            if (
                response is None
                or response.status != 200
                or "text/html" not in response.headers.get("content-type", "")
            ):
                continue
            visited.add(route)
            if route not in before:
                checked[path] = problems(page)
            found |= _links(page)
        frontier = sorted(found)
    before |= visited
    return checked, len(visited)


@pytest.fixture(scope="module")
def checked_before() -> dict[str, set[str]]:
    """The routes each site's pages were checked at, by the roles before: a page the officer and the
    supervisor both reach is checked once, and each role checks what only it reaches. Pages differ
    little between roles (a button more or less), and a role's crawl takes half a minute."""
    return {}


def _report(who: str, checked: dict[str, list[dict]], visited: int) -> list[dict]:
    found = [violation for page_violations in checked.values() for violation in page_violations]
    print(f"\nevery page, {who}: {visited} pages visited, {len(checked)} checked, {len(found)} problems")
    return found


def _failure(found: list[dict]) -> str:
    return json.dumps(found, indent=1)


def _roles(scope: Scope) -> list:
    return [pytest.param(role, id=role.key) for role in ROLES if role.scope == scope]


@pytest.mark.parametrize("role", _roles(Scope.COUNTRY))
def test_every_page_a_country_role_reaches(page: Page, site: Site, demo: Demo, checked_before, role):
    username = DEMO_USER_OF_ROLE[role.key]
    _sign_in(page, site.country(CODE), username, DEMO_PASSWORD, demo.secret_of(username, hub=False))
    checked, visited = crawl(
        page, site.country(CODE).rstrip("/"), "/", COUNTRY_URLS, checked_before.setdefault(CODE, set())
    )
    found = _report(f"{role.key} ({CODE})", checked, visited)
    assert visited > 10
    assert not found, _failure(found)


@pytest.mark.parametrize("role", _roles(Scope.HUB))
def test_every_page_a_hub_role_reaches(page: Page, site: Site, demo: Demo, checked_before, role):
    _sign_in(page, site.hub(), role.key, PASSWORD, demo.secret_of(role.key, hub=True))
    checked, visited = crawl(
        page, site.hub().rstrip("/"), "/", HUB_URLS, checked_before.setdefault("hub", set())
    )
    found = _report(f"{role.key} (hub)", checked, visited)
    assert visited > 5
    assert not found, _failure(found)


@pytest.mark.parametrize(("host", "start"), [("hub", "/data/"), (CODE, "/lmi/")])
def test_every_public_page(page: Page, site: Site, demo: Demo, host: str, start: str):
    base = (site.hub() if host == "hub" else site.country(host)).rstrip("/")
    checked, visited = crawl(page, base, start, HUB_URLS if host == "hub" else COUNTRY_URLS, set())
    for path in ("/accounts/login/", "/accounts/password/reset/", "/no-such-page/"):
        page.goto(base + path)
        checked[path] = problems(page)
    found = _report(f"public ({host})", checked, visited + 3)
    assert visited > 5
    assert not found, _failure(found)


def _sign_in(page: Page, url: str, username: str, password: str, secret: str | None) -> None:
    sign_in(page, url, username, password)
    if secret:
        two_factor(page, secret)


def test_the_check_finds_what_it_is_for(page: Page):
    """The checks themselves: a field without a label, grey on white, and a table wider than the
    screen are caught."""
    page.set_content(
        '<html lang="en"><title>t</title><main><input name="q">'
        '<p style="color:#bbb;background:#fff">faint</p><table style="width:900px"><tr><td>wide</td></tr>'
        "</table></main></html>"
    )
    assert {problem["rule"] for problem in problems(page)} == {
        "label",
        "color-contrast",
        "wider-than-a-tablet",
    }
