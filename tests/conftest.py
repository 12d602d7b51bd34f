"""Shared fixtures: the countries and users every test may use, created once per test database.

The countries are provisioned through the real service and committed (outside any test transaction),
so with --reuse-db they survive between runs and a test costs no schema creation. Each test then runs
in a transaction that is rolled back, and leaves the connection in public with no remembered routes.
"""

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.testcases import LiveServerThread
from django.test.utils import setup_databases, teardown_databases
from django.utils import translation
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from clmis.accounts.roles import ROLES, Scope
from clmis.accounts.services import user_create
from clmis.memo import forget_all_in_process
from modules.reference.models import Classification, Code
from modules.reference.services import national_code_save
from tenants.models import Country
from tenants.routing import forget_routes
from tenants.services import (
    country_provision,
    country_reference_refresh,
    country_roles_sync,
    modules_enable_defaults,
)
from tests.support import PASSWORD, Site, client_for, on_test_database

TEST_COUNTRIES = {
    "kn": {"name": "Saint Kitts and Nevis", "default_language": "en", "timezone": "America/St_Kitts"},
    "lc": {"name": "Saint Lucia", "default_language": "en", "timezone": "America/St_Lucia"},
    "sr": {"name": "Suriname", "default_language": "nl", "timezone": "America/Paramaribo"},
}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, django_db_keepdb, django_db_createdb, request):
    """pytest-django's setup, made to create the test database even when no collected test asks for it.

    pytest-django creates test databases only for the aliases that collected tests request through
    `db`, `transactional_db`, `live_server` or the django_db mark. Browser tests request none of them
    (their data must be committed), so `pytest tests/browser` alone would leave the connection on
    the configured database, and `countries` would provision the developer's own database. The
    same holds for any subset of tests that uses `countries` without a database test.
    """
    if on_test_database():
        yield
        return
    keepdb = django_db_keepdb and not django_db_createdb
    with django_db_blocker.unblock():
        config = setup_databases(
            verbosity=request.config.option.verbose, interactive=False, aliases={"default"}, keepdb=keepdb
        )
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(config, verbosity=request.config.option.verbose)


@pytest.fixture(scope="session")
def countries(django_db_setup, django_db_blocker) -> dict[str, Country]:
    """kn, lc and sr, each with one user per country role (username = role key)."""
    with django_db_blocker.unblock():
        made = {}
        for code, spec in TEST_COUNTRIES.items():
            made[code], _created = country_provision(code=code, exist_ok=True, **spec)
            modules_enable_defaults(country=made[code], by=None)
            country_reference_refresh(made[code])  # countries kept by --reuse-db get tables changed since
            country_roles_sync(made[code])  # and the grants of their roles as they are now
            with tenant_context(made[code]):
                _role_users(Scope.COUNTRY)
                _districts(DISTRICTS.get(code, ()))
        with schema_context(get_public_schema_name()):
            _role_users(Scope.HUB)
        return made


DISTRICTS = {
    "kn": (("KN-03", "Saint George Basseterre"), ("KN-10", "Saint Paul Charlestown")),
    "lc": (("LC-02", "Castries"),),
}


def _districts(districts: tuple[tuple[str, str], ...]) -> None:
    table = Classification.objects.get(key="district")
    for code, title in districts:
        if not Code.objects.filter(classification=table, code=code).exists():
            national_code_save(table=table, code=code, title=title, by=None)


def _role_users(scope: Scope) -> None:
    existing = set(get_user_model().objects.values_list("username", flat=True))
    for role in ROLES:
        if role.scope == scope and role.key not in existing:
            user_create(
                username=role.key, email=f"{role.key}@example.org", password=PASSWORD, roles=[role.key]
            )


@pytest.fixture
def kn(countries, db) -> Country:
    return countries["kn"]


@pytest.fixture
def lc(countries, db) -> Country:
    return countries["lc"]


@pytest.fixture
def sr(countries, db) -> Country:
    return countries["sr"]


@pytest.fixture(autouse=True)
def _back_to_public():
    """Each test leaves the connection in public, no remembered routes, an empty cache (a test's
    rolled-back writes must not live on in what was cached from them, such as a country's settings)
    and the default language (a request in French leaves French active in the test's thread)."""
    yield
    translation.activate(settings.LANGUAGE_CODE)
    connection.set_schema_to_public()
    forget_routes()
    cache.clear()
    forget_all_in_process()


@pytest.fixture
def hub_client(countries, db) -> Client:
    return client_for("localhost")


@pytest.fixture
def kn_client(kn) -> Client:
    return client_for("kn.localhost")


@pytest.fixture
def lc_client(lc) -> Client:
    return client_for("lc.localhost")


@pytest.fixture(scope="session")
def site(countries, django_db_blocker) -> Iterator[Site]:
    """The app served by a LiveServerThread on a free port of 127.0.0.1 for the whole session, for the
    browser tests and for clients of the hub's open data (SDMX).

    Why not pytest-django's `live_server`: it is a transactional test case that flushes the database
    after each test, which would wipe the committed countries every other test relies on. The server
    sees only COMMITTED data: tests against it never use the `db` fixture (its transaction would be
    invisible to the server) and write what they need with tests.support.committed().
    """
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


@pytest.fixture
def db_for_server(django_db_blocker) -> Iterator[None]:
    """Lets the server thread (and `committed()`) reach the database, only while a test of it runs.

    pytest-django blocks database access process-wide; holding it open for the whole session would
    let later non-browser tests touch the database without asking for it.
    """
    with django_db_blocker.unblock():
        yield
