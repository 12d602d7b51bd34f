"""The user guides' screenshots (docs/guide/<language>/), taken from the demo data as each role sees it,
so the guides never show a page that no longer looks like that: run this file and commit the images.

Every screenshot is also a check: the page's heading and a key element are there before it is taken,
in English and in Dutch. The pages are those of the throwaway demo country (tests/browser/demo_country.py).
"""

import re
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image, ImageChops
from playwright.sync_api import BrowserContext, expect

from clmis.demo import DEMO_PASSWORD
from tests.browser.demo_country import CODE, PROVIDER, Demo
from tests.browser.pages import sign_in, two_factor
from tests.support import PASSWORD, Site

pytestmark = pytest.mark.browser

GUIDES = Path(__file__).resolve().parents[2] / "docs" / "guide"
# Every guide is in English and Dutch; the public's also in Spanish and French, as the public sites are.
LANGUAGES = ("en", "nl")
PUBLIC_LANGUAGES = ("en", "nl", "es", "fr")
VIEWPORT = {"width": 1024, "height": 700}
QUALITY = 50
# The share of a screenshot's pixels that may differ from the stored one without replacing it: times of
# day and dates, even when a longer one widens its table's column, change under 1%; a field, a button
# or a line more moves far more.
SLIVER = 0.01


@dataclass(frozen=True)
class Shot:
    """One screenshot: the page at `path`, or the page its first `follow` link leads to, checked by its
    English heading (in English) and a key element before it is taken."""

    slug: str
    path: str
    heading: str
    key: str = "main"
    follow: str = ""
    # Scroll the key element to the middle of the window (a case's actions are below its details).
    scroll: bool = False
    # The public guide shows both public sites; the others stay on their user's host.
    hub: bool | None = None


@dataclass(frozen=True)
class Guide:
    key: str
    username: str  # "" for the public: nobody signs in
    hub: bool
    shots: tuple[Shot, ...]
    languages: tuple[str, ...] = LANGUAGES


# Unemployment by country for people of 15 and over: what the hub's and the public comparisons show.
COMPARISON = "?indicator=UNE_DEAP_SEX_AGE_RT&breakdown=AGE%3DAGE_YTHADULT_YGE15"

FIRST_ROW = "main table tbody a"

GUIDE_SHOTS = (
    Guide(
        "officer",
        "officer",
        False,
        (
            Shot("start", "/", "Welcome, Olivia Browne", key="nav.menu"),
            Shot("complaints", "/complaints/", "Complaints", key="main table"),
            Shot(
                "complaint",
                "/complaints/?status=investigating",
                "Complaint CMP-",
                key="main form[action$='/notes/']",
                scroll=True,
                follow=FIRST_ROW,
            ),
            Shot("register", "/complaints/new/", "Register a complaint", key="main form"),
        ),
    ),
    Guide(
        "supervisor",
        "supervisor",
        False,
        (
            Shot("received", "/complaints/?status=received", "Complaints", key="main table"),
            Shot(
                "assign",
                "/complaints/?status=received",
                "Complaint CMP-",
                key="main form[action$='/assign/']",
                scroll=True,
                follow=FIRST_ROW,
            ),
            Shot("reports", "/reports/", "Reports", key="main a[href^='/reports/']"),
            Shot(
                "report",
                "/reports/complaints-by-category-and-sex/",
                "Complaints received, by category and sex",
                key="main table",
            ),
        ),
    ),
    Guide(
        "statistician",
        "statistician",
        False,
        (
            Shot("indicators", "/indicators/", "Indicators", key="main table"),
            Shot(
                "indicator",
                "/indicators/?q=UNE_DEAP_SEX_AGE_RT",
                "Unemployment rate by sex and age",
                follow="main table tbody a:text('UNE_DEAP_SEX_AGE_RT')",
            ),
            Shot("compute", "/indicators/compute/", "Compute the indicators", key="main form"),
            Shot("news", "/news/", "News and analysis", key="main table"),
        ),
    ),
    Guide(
        "agency_submitter",
        "submitter",
        False,
        (
            Shot("submit", "/indicators/submit/", "Submit indicator values", key="main table"),
            Shot(
                "one-value",
                "/indicators/submit/",
                "Unemployment rate by sex and age",
                key="main form",
                follow="main tr:has-text('UNE_DEAP_SEX_AGE_RT') a",
            ),
            Shot(
                "file",
                "/indicators/submit/",
                "Unemployment rate by sex and age",
                key="main input[type=file]",
                follow="main tr:has-text('UNE_DEAP_SEX_AGE_RT') a[href$='/upload/']",
            ),
        ),
    ),
    Guide(
        "lmis_admin",
        "lmisadmin",
        False,
        (
            Shot(
                "values", "/indicators/values/", "Indicator values to approve", key="main table", scroll=True
            ),
            Shot("users", "/admin/accounts/user/", "Select user to change", key="#result_list"),
            Shot(
                "agency",
                "/indicators/agencies/",
                "Department of Statistics",
                key="main form[action$='/members/']",
                scroll=True,
                follow="main table tbody a:text('Department of Statistics')",
            ),
            Shot("settings", "/settings/", "Settings", key="main a[href='/settings/site/']"),
        ),
    ),
    Guide(
        "service_provider",
        "service_provider",
        True,
        (
            Shot("console", "/console/", "Console", key=f"main a[href='/console/{CODE}/']"),
            Shot("modules", f"/console/{CODE}/", "Montserrat: modules", key="main table"),
            Shot("fields", f"/console/{CODE}/fields/", "Montserrat: custom fields"),
            Shot(
                "configuration",
                f"/console/{CODE}/configuration/",
                "Montserrat: configuration",
                key="main form",
            ),
        ),
    ),
    Guide(
        "regional_analyst",
        "regional_analyst",
        True,
        (
            Shot("coverage", "/facts/coverage/", "Coverage of the catalogue", key="main table"),
            Shot("compare", f"/facts/comparisons/{COMPARISON}", "Compare countries", key="main table"),
            Shot("request", "/data-requests/new/", "Ask a country for values", key="main form"),
            Shot("catalogue", "/catalogue/", "Harmonised catalogue", key="main table"),
        ),
    ),
    Guide(
        "hub_admin",
        "hub_admin",
        True,
        (
            Shot("countries", "/countries/", "Countries", key="main table"),
            Shot("add-country", "/countries/new/", "Add a country", key="main form"),
            Shot(
                "provider",
                "/providers/",
                PROVIDER,
                key="main form[action$='/assignments/']",
                scroll=True,
                follow=f"main table tbody a:text('{PROVIDER}')",
            ),
            Shot("releases", "/releases/", "Releases"),
        ),
    ),
    Guide(
        "public",
        "",
        False,
        (
            Shot("figures", "/lmi/", "Labour market figures of Montserrat", key="main form"),
            Shot(
                "indicator",
                "/lmi/",
                "Unemployment rate by sex and age",
                key="main table",
                follow="main a[href='/lmi/UNE_DEAP_SEX_AGE_RT/']",
            ),
            Shot("regional", "/data/", "Regional labour market figures", key="main", hub=True),
            Shot("explore", f"/data/explore/{COMPARISON}", "Explore and compare", key="main table", hub=True),
        ),
        PUBLIC_LANGUAGES,
    ),
)
GUIDE_KEYS = tuple(guide.key for guide in GUIDE_SHOTS)


@pytest.mark.parametrize("guide", GUIDE_SHOTS, ids=GUIDE_KEYS)
def test_the_guides_screenshots_show_each_page_as_the_role_sees_it(
    new_context, site: Site, demo: Demo, guide: Guide
):
    """Signed in once, the guide's pages in English, then the same in Dutch (the language cookie)."""
    context: BrowserContext = new_context()
    page = context.new_page()
    page.set_viewport_size(VIEWPORT)
    home = site.hub() if guide.hub else site.country(CODE)
    if guide.username:
        sign_in(page, home, guide.username, PASSWORD if guide.hub else DEMO_PASSWORD)
        secret = demo.secret_of(guide.username, hub=guide.hub)
        if secret:
            two_factor(page, secret)
        expect(page.locator("nav.menu")).to_be_visible()
    for language in guide.languages:
        context.add_cookies(
            [
                {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": url}
                for url in (home, site.hub(), site.country(CODE))
            ]
        )
        folder = GUIDES / language / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        for number, shot in enumerate(guide.shots, start=1):
            on_hub = guide.hub if shot.hub is None else shot.hub
            response = page.goto((site.hub if on_hub else lambda path: site.country(CODE, path))(shot.path))
            assert response is not None and response.ok, f"{shot.path}: {response and response.status}"
            if shot.follow:
                with page.expect_navigation():
                    page.locator(shot.follow).first.click()
            expect(page.locator("html")).to_have_attribute("lang", language)
            if language == "en":
                expect(page.locator("h1").first).to_contain_text(shot.heading)
            else:
                expect(page.locator("h1").first).to_be_visible()
            key = page.locator(shot.key).first
            expect(key).to_be_visible()
            if shot.scroll:
                key.evaluate("element => element.scrollIntoView({block: 'center'})")
            _keep(
                page.screenshot(type="jpeg", quality=QUALITY),
                folder / f"{guide.key}-{number}-{shot.slug}.jpg",
            )


def _keep(shot: bytes, path: Path) -> None:
    """Write the screenshot, unless the one stored differs from it by a sliver only: the times of day and
    dates a page shows change with every run, and the guides should change with the pages, not the clock."""
    if path.exists():
        stored = Image.open(path).convert("RGB")
        taken = Image.open(BytesIO(shot)).convert("RGB")
        if stored.size == taken.size:
            # Pixels clearly unlike (beyond JPEG's noise), as a share of all.
            changed = ImageChops.difference(stored, taken).convert("L").point(lambda v: 255 if v > 48 else 0)
            if changed.histogram()[255] < SLIVER * stored.width * stored.height:
                return
    path.write_bytes(shot)


IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)\)")


@pytest.mark.parametrize("language", PUBLIC_LANGUAGES)
def test_every_guide_shows_its_screenshots_and_every_screenshot_is_in_its_guide(language: str):
    folder = GUIDES / language
    guides = [guide for guide in GUIDE_SHOTS if language in guide.languages]
    files = {path.name for path in (folder / "screenshots").glob("*.jpg")}
    taken_by_all: set[str] = set()
    for guide in guides:
        text = (folder / f"{guide.key}.md").read_text(encoding="utf-8")
        if language in LANGUAGES:
            index = (folder / "index.md").read_text(encoding="utf-8")
            assert f"({guide.key}.md)" in index, f"{language}/index.md does not list {guide.key}"
        images = IMAGE.findall(text)
        # Relative to the guide and with words for who cannot see it: the Help menu rewrites such paths.
        assert all(alt.strip() and path.startswith("screenshots/") for alt, path in images), images
        shown = {Path(path).name for _alt, path in images}
        taken = {f"{guide.key}-{number}-{shot.slug}.jpg" for number, shot in enumerate(guide.shots, start=1)}
        assert shown == taken, (
            f"{language}/{guide.key}.md shows {sorted(shown)}, the test takes {sorted(taken)}"
        )
        assert taken <= files, f"missing in {language}/screenshots: {sorted(taken - files)}"
        taken_by_all |= taken
    assert files <= taken_by_all, (
        f"{language}/screenshots has images no guide shows: {sorted(files - taken_by_all)}"
    )
