"""Whole-schema operations of the release train: migrate one schema in-process, back it up, restore it.

A backup is the country's own schema renamed aside, and the schema the upgrade migrates is a copy of
it (django-tenants' clone_schema with its data). Restoring is then dropping the copy and renaming the
backup back: the country gets back the very schema it had, byte for byte, whatever the failed
migration did to the copy. Both run as single transactions (PostgreSQL's DDL is transactional), so a
crash leaves either the original or the original plus its backup, never half of either.
"""

from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django_tenants.clone import CloneSchema
from django_tenants.utils import get_tenant_base_migrate_command_class, schema_exists

BACKUP_PREFIX = "bk_"


def schema_migrate(name: str, *, verbosity: int = 0) -> None:
    """Apply the code's migrations to one schema on the caller's connection (as the template is)."""
    previous = connection.tenant
    try:
        # django_migrations must be created in the schema itself, not found in public.
        connection.set_schema(name, include_public=False)
        MigrationRecorder(connection).ensure_schema()
        connection.set_schema(name)
        call_command(get_tenant_base_migrate_command_class()(), interactive=False, verbosity=verbosity)
    finally:
        connection.set_tenant(previous)


def backup_name(schema: str, label: str) -> str:
    """bk_<schema>_<label>: schema names are at most 63 bytes."""
    return f"{BACKUP_PREFIX}{schema}_{label}"[:63]


@transaction.atomic
def schema_backup(schema: str, backup: str) -> None:
    """Set the schema aside as `backup` and put a copy of it, data included, in its place."""
    quote = connection.ops.quote_name
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER SCHEMA {quote(schema)} RENAME TO {quote(backup)}")
    CloneSchema().clone_schema(backup, schema)


@transaction.atomic
def schema_restore(schema: str, backup: str) -> None:
    """Put the backup back in the schema's place; whatever the schema holds now is dropped."""
    quote = connection.ops.quote_name
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        if schema_exists(schema):
            cursor.execute(f"DROP SCHEMA {quote(schema)} CASCADE")
        cursor.execute(f"ALTER SCHEMA {quote(backup)} RENAME TO {quote(schema)}")


def schema_drop(name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP SCHEMA IF EXISTS {connection.ops.quote_name(name)} CASCADE")


def backups_of(schema: str) -> list[str]:
    """The backup schemas of a schema, oldest first (their labels sort by time)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s ORDER BY nspname",
            [f"{BACKUP_PREFIX}{schema}\\_%"],
        )
        return [row[0] for row in cursor.fetchall()]


def table_counts(schema: str) -> dict[str, int]:
    """Rows in each table of a schema, counted exactly (one query)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY tablename", [schema])
        tables = [row[0] for row in cursor.fetchall()]
        if not tables:
            return {}
        quote = connection.ops.quote_name
        # Names come from pg's own catalogue and are quoted as identifiers.
        union = " UNION ALL ".join(
            f"SELECT %s, count(*) FROM {quote(schema)}.{quote(table)}"  # noqa: S608
            for table in tables
        )
        cursor.execute(union, tables)
        return dict(cursor.fetchall())
