"""Fixtures for end-to-end tests in a real Chromium against the app served in-process.

Why not pytest-django's `live_server`: it is a transactional test case that flushes the database
after each test, which would wipe the committed countries every other test relies on. Instead one
LiveServerThread serves the session; the browser sees only COMMITTED data, so these tests never use
the `db` fixture (its transaction would be invisible to the server) and write what they need with
`committed()`.

One Chromium for the browser tests, a fresh context (cookies, storage) per test: fast, and isolated.
"""

import os
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.db import connections
from django.test.testcases import LiveServerThread

from tests.support import on_test_database

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

T = TypeVar("T")


def chromium_path() -> str | None:
    """Debian's Chromium; the tests never download a browser of their own."""
    if os.path.exists(CHROMIUM):
        return CHROMIUM
    return shutil.which("chromium")


def running_in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("true", "1")


def committed(function: Callable[[], T]) -> T:
    """Run ORM code in a thread of its own, committed, and close that thread's connection.

    Playwright's sync API keeps an asyncio loop running in the main thread, so Django refuses ORM
    calls there (SynchronousOnlyOperation); a worker thread has no loop. Its writes commit at once
    (autocommit, no test transaction), which is what the server thread needs to see them.
    """

    def run() -> T:
        try:
            return function()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


class Site:
    """The running server: URLs of the hub and of each country host on its port."""

    def __init__(self, port: int):
        self.port = port

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.port}{path}"

    def hub(self, path: str = "/") -> str:
        return self.url("localhost", path)

    def country(self, code: str, path: str = "/") -> str:
        return self.url(f"{code}.localhost", path)


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


@pytest.fixture(scope="session")
def site(countries, django_db_blocker) -> Iterator[Site]:
    """The app served by a LiveServerThread on a free port of 127.0.0.1 for the whole session."""
    if not on_test_database():  # never serve a developer's own database
        pytest.fail("Refusing to serve the configured database: the test database is not set up.")
    with django_db_blocker.unblock():
        thread = LiveServerThread("127.0.0.1", StaticFilesHandler, port=0)
        thread.daemon = True
        thread.start()
        thread.is_ready.wait(timeout=30)
        if thread.error:
            raise thread.error
        if not thread.is_ready.is_set():
            raise RuntimeError("The live server did not start within 30 s.")
    yield Site(thread.port)
    with django_db_blocker.unblock():
        thread.terminate()


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
def db_for_server(django_db_blocker) -> Iterator[None]:
    """Lets the server thread (and `committed()`) reach the database, only while a browser test runs.

    pytest-django blocks database access process-wide; holding it open for the whole session would
    let later non-browser tests touch the database without asking for it.
    """
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def new_context(browser, db_for_server):
    """Opens fresh browser contexts (a new, cookie-less visitor each), all closed after the test.

    Every page opened in them fails the test if the server answers 500 or more to anything.
    """
    contexts = []
    server_errors: list[str] = []

    def open_context():
        context = browser.new_context(locale="en-US")
        context.set_default_timeout(TIMEOUT_MS)
        context.on(
            "response",
            lambda response: (
                server_errors.append(f"{response.status} {response.url}") if response.status >= 500 else None
            ),
        )
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()
    if server_errors:
        pytest.fail(f"The server failed: {server_errors}", pytrace=False)


@pytest.fixture
def page(new_context):
    """A page in a fresh browser context."""
    return new_context().new_page()
