"""Fixtures for end-to-end tests in a real Chromium against the app served in-process.

The app is served by the session's `site` (tests/conftest.py): the browser sees only COMMITTED data,
so these tests never use the `db` fixture (its transaction would be invisible to the server) and
write what they need with `committed()` (tests/support.py).

One Chromium for the browser tests, a fresh context (cookies, storage) per test: fast, and isolated.
"""

import os
import shutil
import uuid
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.casework.models import Case
from modules.complaints.models import Complaint
from modules.employers.models import Employer
from regional_hub.catalogue.models import HarmonisedIndicator
from regional_hub.facts.models import Fact
from tests.browser.demo_country import Demo, demo_make, demo_remove
from tests.support import committed

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Long enough for a slow CI machine, short enough that a missing element fails in seconds, not 30.
TIMEOUT_MS = 10_000


def chromium_path() -> str | None:
    """Debian's Chromium; the tests never download a browser of their own."""
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    return shutil.which("chromium")


def running_in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("true", "1")


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """Skip without Chromium on a developer's machine; in CI its absence is an error, never a skip."""
    path = chromium_path()
    if path is None:
        message = f"Chromium not found at {CHROMIUM} nor on PATH (apt-get install chromium)"
        if running_in_ci():
            pytest.fail(f"{message}: CI must run the browser tests.", pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture(scope="package")
def browser(chromium_executable, site):
    """One headless Chromium for all the browser tests (started after the server and the countries).

    Package-scoped, not session-scoped: Playwright's sync API keeps an asyncio loop running in the
    main thread while it is alive, and Django then refuses ORM calls there, so it must be gone before
    any test that is not a browser test runs.
    """
    from playwright.sync_api import expect, sync_playwright

    # expect() keeps its own 5-second default, apart from the context's; under load that flaked.
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_executable, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(browser, db_for_server):
    """Opens fresh browser contexts (a new, cookie-less visitor each), all closed after the test.

    Every page opened in them fails the test if the server answers 500 or more to anything, or if
    Chromium refuses something under the Content-Security-Policy (an inline script or style, a
    resource from elsewhere): every browser test also proves its pages work under the policy. Not
    with `policy_checked=False`, for a test that runs tools of its own in the page (axe-core adds
    styles the policy refuses).
    """
    contexts = []
    server_errors: list[str] = []
    refused: list[str] = []

    def open_context(policy_checked: bool = True):
        context = browser.new_context(locale="en-US")
        context.set_default_timeout(TIMEOUT_MS)
        context.on(
            "response",
            lambda response: (
                server_errors.append(f"{response.status} {response.url}") if response.status >= 500 else None
            ),
        )
        if policy_checked:
            context.on(
                "console",
                lambda message: (
                    refused.append(f"{message.page.url if message.page else ''}: {message.text}")
                    if "Content Security Policy" in message.text
                    else None
                ),
            )
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()
    if server_errors:
        pytest.fail(f"The server failed: {server_errors}", pytrace=False)
    if refused:
        pytest.fail(f"Refused under the Content-Security-Policy: {refused}", pytrace=False)


@pytest.fixture
def page(new_context):
    """A page in a fresh browser context."""
    return new_context().new_page()


@pytest.fixture
def complainant(countries):
    """A fresh complainant name; the complaint and the employer registered with it are removed after."""
    name = f"Cavel Mills {uuid.uuid4().hex[:6]}"
    yield name

    def remove() -> None:
        with tenant_context(countries["kn"]):
            for complaint in Complaint.objects.filter(complainant_name=name):
                employer = complaint.employer
                Case.objects.filter(pk=complaint.pk).delete()
                Employer.objects.filter(pk=employer.pk, complaints__isnull=True).delete()

    committed(remove)


# Unemployed and labour force, 15+, by country and year: the region's rate is recomputed from these.
FIGURES = {
    "kn": {"2023": (900, 20000), "2024": (850, 20000)},
    "lc": {"2023": (16000, 100000), "2024": (15000, 100000)},
    "sr": {"2023": (21000, 250000), "2024": (20000, 250000)},
}


@pytest.fixture
def regional_facts(countries):
    def add() -> None:
        unemployment = HarmonisedIndicator.objects.get(code="UNE_DEAP_SEX_AGE_RT")
        for code, years in FIGURES.items():
            for period, (unemployed, labour_force) in years.items():
                Fact.objects.create(
                    country=countries[code],
                    indicator=unemployment,
                    period=period,
                    key="AGE=AGE_YTHADULT_YGE15",
                    dimensions={"AGE": "AGE_YTHADULT_YGE15"},
                    value=Decimal(unemployed * 100) / labour_force,
                    numerator=unemployed,
                    denominator=labour_force,
                    collected_at=timezone.now(),
                )
        cache.clear()

    committed(add)
    yield

    def remove() -> None:
        Fact.objects.filter(country__in=[countries[code] for code in FIGURES]).delete()
        cache.clear()

    committed(remove)


@pytest.fixture(scope="module")
def demo(countries, site, django_db_blocker) -> Iterator[Demo]:
    """The throwaway country with the README's demo data, its figures at the hub, a provider for it
    (tests/browser/demo_country.py); module-scoped, as its figures change the hub's comparisons.

    Written from a thread of its own (committed()): the package's Chromium may already be running, and
    Playwright's loop in the main thread forbids the ORM there."""
    with django_db_blocker.unblock():
        authenticators: list[int] = []
        try:
            yield committed(lambda: demo_make(authenticators))
        finally:
            committed(lambda: demo_remove(authenticators))
