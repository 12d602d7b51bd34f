"""Which schemas are behind the code's migrations, answered for many schemas in one query.

Running `migrate` in a schema that has nothing to apply still costs over 100 ms (it builds the
migration plan and checks every app; bench/ measured ~130 ms a schema); with hundreds of countries
that is the known scaling wall of schema-per-tenant. Reading every schema's django_migrations table
in one UNION ALL lets migrate_schemas skip the schemas that are current.
"""

from functools import cache

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django_tenants.utils import get_public_schema_name

Migration = tuple[str, str]


@cache
def expected_migrations(*, shared: bool) -> frozenset[Migration]:
    """The migrations the code brings for the public schema (shared) or a country schema."""
    names = set(settings.SHARED_APPS if shared else settings.TENANT_APPS)
    # An app is listed by its module ("modules.employers") or, for the modules shipped as packages, by
    # the path of its AppConfig as their entry point gives it ("clmis_training.apps.…Config").
    labels = {
        config.label
        for config in apps.get_app_configs()
        if config.name in names or f"{type(config).__module__}.{type(config).__qualname__}" in names
    }
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return frozenset(key for key in graph.nodes if key[0] in labels)


@cache
def _replacements() -> dict[Migration, frozenset[Migration]]:
    """Squashed migrations (what the graph expects) and the migrations each one replaces."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return {key: frozenset(m.replaces) for key, m in loader.disk_migrations.items() if m.replaces}


def applied_migrations(schemas: list[str]) -> dict[str, set[Migration]]:
    """Applied migrations per schema; a schema without a django_migrations table is absent."""
    if not schemas:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema FROM information_schema.tables "
            "WHERE table_name = 'django_migrations' AND table_schema = ANY(%s)",
            [schemas],
        )
        present = [row[0] for row in cursor.fetchall()]
        applied: dict[str, set[Migration]] = {schema: set() for schema in present}
        if not present:
            return applied
        quote = connection.ops.quote_name
        # Schema names come from pg's own catalogue above and are quoted as identifiers.
        union = " UNION ALL ".join(
            f"SELECT %s, app, name FROM {quote(schema)}.django_migrations"  # noqa: S608
            for schema in present
        )
        cursor.execute(union, present)
        for schema, app, name in cursor.fetchall():
            applied[schema].add((app, name))
    return applied


def missing_migrations(schema: str, applied: set[Migration]) -> set[Migration]:
    expected = expected_migrations(shared=schema == get_public_schema_name())
    missing = set(expected - applied)
    for squashed, replaced in _replacements().items():
        # A schema that applied the originals one by one is as current as one that applied the squash.
        if squashed in missing and replaced <= applied:
            missing.discard(squashed)
    return missing


def unknown_migrations(schema: str, applied: set[Migration]) -> set[Migration]:
    """Migrations a schema has applied that this code does not know, of apps it does know: the schema
    comes from a newer release (a backup of it, say) and this code must not run on it."""
    expected = expected_migrations(shared=schema == get_public_schema_name())
    labels = {app for app, _name in expected}
    replaced = {migration for migrations in _replacements().values() for migration in migrations}
    return {migration for migration in applied - expected - replaced if migration[0] in labels}


def migration_backlog(schemas: list[str]) -> dict[str, int | None]:
    """How many migrations each schema lacks; None for a schema without a django_migrations table."""
    applied = applied_migrations(schemas)
    return {
        schema: len(missing_migrations(schema, applied[schema])) if schema in applied else None
        for schema in schemas
    }


def schemas_behind(schemas: list[str]) -> list[str]:
    """The schemas, in the order given, that lack a migration of the code (or have no table yet)."""
    return [schema for schema, backlog in migration_backlog(schemas).items() if backlog != 0]
