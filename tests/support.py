"""Helpers for tests: clients bound to a host, signing in as a user of a given schema, and for tests
against the running server (tests/conftest.py's `site`): its addresses, and committed writes."""

import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar
from urllib.parse import quote

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.base import SessionBase
from django.db import connection, connections
from django.test import Client
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from tenants.models import Country

PASSWORD = "a-long-test-password-1"

T = TypeVar("T")


def client_for(host: str) -> Client:
    return Client(HTTP_HOST=host)


def user_in(country: Country | None, username: str):
    """A user of a country's schema (or of the hub for None), read in that schema."""
    if country is None:
        with schema_context(get_public_schema_name()):
            return get_user_model().objects.get(username=username)
    with tenant_context(country):
        return get_user_model().objects.get(username=username)


def sign_in(
    client: Client, country: Country | None, username: str, *, password_confirmed: bool = True
) -> Client:
    """Sign a test client in as a user of that country (or of the hub), with a session in that schema.

    With `password_confirmed`, the session also records that the user gave their password again just
    now, as allauth's re-authentication does, so exports and role changes go ahead without asking.
    """
    user = user_in(country, username)
    with schema_context(get_public_schema_name()) if country is None else tenant_context(country):
        client.force_login(user)
        if password_confirmed:
            session = client.session
            password_confirmation_record(session, user)
            session.save()
    return client


def password_confirmation_record(session: SessionBase, user) -> None:
    """What allauth writes in the session when a user gives their password again (re-authentication)."""
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": time.time(), "reauthenticated": True}
    ]
    session["account_authentication_methods_user"] = str(user.pk)


def on_test_database() -> bool:
    """Whether the default connection points at the test database rather than the configured one."""
    return connection.settings_dict["NAME"] == connection.creation._get_test_db_name()


def url_of_test_database() -> str:
    """DATABASE_URL for a process of its own to reach the test database (by TCP or by Unix socket, as
    the embedded PostgreSQL is reached)."""
    settings = connection.settings_dict
    user = quote(settings["USER"] or "", safe="")
    if settings["PASSWORD"]:
        user += ":" + quote(settings["PASSWORD"], safe="")
    # The embedded PostgreSQL's socket directory is an option (?host=...), not the HOST.
    host = settings["HOST"] or settings["OPTIONS"].get("host", "")
    port, name = settings["PORT"] or settings["OPTIONS"].get("port", ""), settings["NAME"]
    if host.startswith("/"):
        socket = f"host={quote(host, safe='/')}" + (f"&port={port}" if port else "")
        return f"postgres://{user}@/{name}?{socket}"
    return f"postgres://{user}@{host}{f':{port}' if port else ''}/{name}"


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


def schema_dump(schema: str) -> str:
    """pg_dump of one schema of the test database as SQL text, to compare a schema before and after.

    Skips the test where pg_dump is missing or older than the server.
    """
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        pytest.skip("pg_dump is not installed (Debian: postgresql-client)")
    # libpq reads the same address as the application, whether TCP or the embedded server's socket.
    command = [pg_dump, "--schema", schema, "--no-owner", "--dbname", url_of_test_database()]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode and "server version mismatch" in done.stderr:
        pytest.skip(f"pg_dump cannot dump this server: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    # Newer pg_dumps fence the dump with a random key (\restrict …): not part of the schema.
    fences = ("\\restrict", "\\unrestrict")
    return "".join(line for line in done.stdout.splitlines(True) if not line.startswith(fences))


class TableLocked:
    """Holds a table locked from a connection of its own (EXCLUSIVE: reads go on, writes wait), so that
    work running elsewhere stops, mid-way, at its first write to it until released.

    `table` is schema-qualified and quoted as SQL wants it ('"kn".indicators_observation').
    """

    def __init__(self, table: str):
        self.table, self.locked, self.release = table, threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._hold, daemon=True)

    def _hold(self) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET idle_in_transaction_session_timeout = '60s'")
                cursor.execute("BEGIN")
                cursor.execute(f"LOCK TABLE {self.table} IN EXCLUSIVE MODE")
                self.locked.set()
                self.release.wait(60)
                cursor.execute("ROLLBACK")
        finally:
            connections.close_all()

    def __enter__(self) -> "TableLocked":
        self.thread.start()
        assert self.locked.wait(10)
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.thread.join(10)
