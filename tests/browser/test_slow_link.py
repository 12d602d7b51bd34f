"""On a slow mobile link (Chromium's own throttling: 400 kbit/s down, 400 ms round trip, as a rural 3G
connection), the pages an officer and a reader open first load whole, and the browser counts what came
over the wire: within the page budget on a first visit, and only the page itself on the next one.

The times are printed (`pytest -s`) for docs/field-use.md, not asserted: a test does not time."""

import time

import pytest
from playwright.sync_api import Page

from tests.browser.pages import sign_in
from tests.support import Site
from tests.test_page_weight import PAGE_BUDGET

pytestmark = pytest.mark.browser

SLOW_LINK = {
    "offline": False,
    "latency": 400,  # ms, each way added to every request
    "downloadThroughput": 400 * 1000 / 8,  # bytes per second
    "uploadThroughput": 400 * 1000 / 8,
}


def _throttled(page: Page) -> dict[str, int]:
    """Throttle the page's connection; the returned counter adds up the bytes received per resource."""
    received: dict[str, int] = {}
    devtools = page.context.new_cdp_session(page)
    devtools.send("Network.enable")
    devtools.send("Network.emulateNetworkConditions", SLOW_LINK)
    urls: dict[str, str] = {}
    devtools.on(
        "Network.requestWillBeSent",
        lambda event: urls.__setitem__(event["requestId"], event["request"]["url"]),
    )
    devtools.on(
        "Network.loadingFinished",
        lambda event: received.__setitem__(
            urls.get(event["requestId"], event["requestId"]), event["encodedDataLength"]
        ),
    )
    return received


def _visit(page: Page, received: dict[str, int], url: str) -> tuple[int, float, dict[str, int]]:
    """Open `url` until the network is quiet: the bytes received, the seconds taken, and by resource."""
    received.clear()
    started = time.monotonic()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    seconds = time.monotonic() - started
    return sum(received.values()), seconds, dict(received)


def _static_bodies(fetched: dict[str, int]) -> list[str]:
    """The static files that came whole over the wire (a revalidation's 304 is a few hundred bytes)."""
    return [url for url, size in fetched.items() if "/static/" in url and size > 1024]


def _report(who: str, url: str, first: tuple, again: tuple) -> None:
    print(
        f"\nslow link, {who} {url}: first visit {first[0] / 1024:.1f} KB in {first[1]:.1f} s, "
        f"next visit {again[0] / 1024:.1f} KB in {again[1]:.1f} s"
    )


@pytest.mark.parametrize(
    ("host", "path"),
    [("kn", "/accounts/login/"), ("kn", "/lmi/"), ("kn", "/help/public/"), ("hub", "/data/")],
)
def test_a_readers_first_page_is_within_the_budget_and_the_next_visit_reuses_its_files(
    page: Page, site: Site, host: str, path: str
):
    received = _throttled(page)
    url = site.hub(path) if host == "hub" else site.country(host, path)
    first = _visit(page, received, url)
    assert first[0] <= PAGE_BUDGET, f"{url}: {first[0]} bytes on the first visit"
    assert any("/static/" in resource for resource in first[2]), f"no style sheet was loaded: {first[2]}"
    again = _visit(page, received, url)
    assert _static_bodies(again[2]) == []
    _report("reader", path, first, again)


def test_an_officers_pages_after_signing_in_cost_only_themselves(page: Page, site: Site):
    received = _throttled(page)
    sign_in(page, site.country("kn"), "officer")
    fetched = set(received)
    for path in ("/complaints/", "/complaints/new/", "/help/officer/"):
        first = _visit(page, received, site.country("kn", path))
        assert first[0] <= PAGE_BUDGET, f"{path}: {first[0]} bytes"
        assert not fetched & set(_static_bodies(first[2])), "a static file was fetched again"
        fetched |= set(first[2])
        _report("officer", path, first, _visit(page, received, site.country("kn", path)))
