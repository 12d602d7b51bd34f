"""The template schema every new country is cloned from.

Cloning a migrated schema is how a country is created in seconds; the danger is a template left
behind by a deploy, which silently yields countries without the newest tables. Two guards make that
impossible: migrate_schemas migrates the template with the countries, and provisioning checks the
template against the code's migrations (one query) and brings it up to date before every clone.
"""

from django.conf import settings
from django.db import connection
from django_tenants.utils import schema_exists

from tenants.migration_state import schemas_behind
from tenants.schemas import schema_migrate


def template_schema() -> str:
    return settings.TENANT_BASE_SCHEMA


def template_schema_create() -> None:
    """Create the (empty) template schema if it does not exist yet."""
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SCHEMA IF NOT EXISTS {connection.ops.quote_name(template_schema())}")


def template_ensure_current(*, verbosity: int = 0) -> bool:
    """Create or migrate the template so a clone of it is a complete, current country schema.

    Returns whether anything had to be done. Runs on the caller's connection without closing it
    (unlike django-tenants' executors), so the caller's locks and transaction stay intact.
    """
    name = template_schema()
    if schema_exists(name) and not schemas_behind([name]):
        return False
    template_schema_create()
    schema_migrate(name, verbosity=verbosity)
    return True
