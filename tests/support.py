"""Helpers for tests: clients bound to a host, signing in as a user of a given schema."""

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from tenants.models import Country

PASSWORD = "a-long-test-password-1"


def client_for(host: str) -> Client:
    return Client(HTTP_HOST=host)


def user_in(country: Country | None, username: str):
    """A user of a country's schema (or of the hub for None), read in that schema."""
    if country is None:
        with schema_context(get_public_schema_name()):
            return get_user_model().objects.get(username=username)
    with tenant_context(country):
        return get_user_model().objects.get(username=username)


def sign_in(client: Client, country: Country | None, username: str) -> Client:
    """Sign a test client in as a user of that country (or of the hub), with a session in that schema."""
    user = user_in(country, username)
    if country is None:
        with schema_context(get_public_schema_name()):
            client.force_login(user)
    else:
        with tenant_context(country):
            client.force_login(user)
    return client


def on_test_database() -> bool:
    """Whether the default connection points at the test database rather than the configured one."""
    return connection.settings_dict["NAME"] == connection.creation._get_test_db_name()
