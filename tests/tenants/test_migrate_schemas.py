"""migrate_schemas migrates only what is behind, keeps the template current and re-syncs stale roles."""

import os
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core import checks
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django_tenants.signals import schema_pre_migration
from django_tenants.utils import schema_context, tenant_context

from clmis import RELEASE
from tenants.migration_state import schemas_behind
from tenants.models import Country
from tenants.template import template_schema


def _migrate() -> str:
    out = StringIO()
    call_command("migrate_schemas", interactive=False, stdout=out)
    return out.getvalue()


def test_nothing_to_apply_touches_no_schema(countries, db):
    output = _migrate()
    assert "0 of " in output and "to migrate" in output
    assert "Applying" not in output


def test_only_the_schema_that_is_behind_is_migrated(kn, capsys):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM kn.django_migrations WHERE app = 'authtoken' AND name LIKE '0004%%'")
    assert schemas_behind(["kn", "lc", template_schema()]) == ["kn"]
    output = _migrate()
    assert "1 of " in output and output.count("Applying authtoken.0004") == 1
    # django-tenants prefixes its progress lines with the schema it is migrating
    progress = capsys.readouterr().out
    assert "standard:kn]" in progress and "standard:lc]" not in progress
    assert schemas_behind(["kn", "lc", template_schema()]) == []


def test_a_migration_of_every_country_records_this_release_where_current(kn, lc, sr):
    """Migrating every country at once is the upgrade to this code's release (a rollout records it
    itself): lc was behind and is migrated, kn was current already; both are now on it."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE tenants_country SET release = '2025.2' WHERE schema_name IN ('kn', 'lc')")
        cursor.execute("DELETE FROM lc.django_migrations WHERE app = 'authtoken' AND name LIKE '0004%%'")
    _migrate()
    releases = dict(Country.objects.values_list("schema_name", "release"))
    assert releases["kn"] == releases["lc"] == releases["sr"] == RELEASE
    kn.refresh_from_db()
    assert kn.history.first().release == RELEASE  # audited like any change of a country


def test_roles_changed_in_a_schema_are_put_back(kn):
    with tenant_context(kn):
        Group.objects.get(name="lmis_admin").permissions.clear()
        Group.objects.filter(name="statistician").delete()
    _migrate()
    with tenant_context(kn):
        assert Group.objects.get(name="lmis_admin").permissions.filter(codename="change_user").exists()
        assert Group.objects.filter(name="statistician").exists()


def test_the_project_checks_run_once_not_again_in_every_schema(kn, lc):
    ran = []

    def counted(**kwargs):
        ran.append(kwargs)
        return []

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM kn.django_migrations WHERE app = 'authtoken' AND name LIKE '0004%%'")
        cursor.execute("DELETE FROM lc.django_migrations WHERE app = 'authtoken' AND name LIKE '0004%%'")
    checks.register(counted)
    try:
        output = StringIO()
        call_command("migrate_schemas", interactive=False, skip_checks=False, stdout=output)
    finally:
        checks.registry.registry.registered_checks.discard(counted)
    assert "2 of " in output.getvalue() and schemas_behind(["kn", "lc"]) == []
    assert len(ran) == 1


BEHIND = ["kn", "lc"]


@pytest.mark.parametrize("asked", ["--workers", "CLMIS_MIGRATE_WORKERS"])
def test_workers_migrate_exactly_the_schemas_behind_at_once(
    asked, countries, db_for_server, settings, capfd, tmp_path
):
    # Committed, not in a test transaction: the workers are other processes with connections of their own.
    schemas = [template_schema(), *Country.objects.values_list("schema_name", flat=True)]
    migrated_by = tmp_path / "migrated-by"

    def note_process(schema_name, **kwargs):  # runs in the worker that migrates the schema
        with migrated_by.open("a") as file:
            file.write(f"{schema_name} {os.getpid()}\n")

    for schema in BEHIND:
        call_command(
            "migrate_schemas", "authtoken", "0003", schema_name=schema, interactive=False, verbosity=0
        )
    try:
        assert sorted(schemas_behind(schemas)) == BEHIND
        started = timezone.now()
        schema_pre_migration.connect(note_process)
        try:
            if asked == "--workers":
                call_command("migrate_schemas", interactive=False, workers=2)
            else:
                settings.CLMIS_MIGRATE_WORKERS = 2
                call_command("migrate_schemas", interactive=False)
        finally:
            schema_pre_migration.disconnect(note_process)
        assert schemas_behind(schemas) == []
        assert _migrated_since(started, schemas) == {
            "kn": {("authtoken", "0004_alter_tokenproxy_options")},
            "lc": {("authtoken", "0004_alter_tokenproxy_options")},
        }
        assert "2 of " in capfd.readouterr().out
        # each schema in a worker process of its own, neither of them this one
        processes = dict(line.split() for line in migrated_by.read_text().splitlines())
        assert sorted(processes) == BEHIND
        assert len(set(processes.values())) == 2 and str(os.getpid()) not in processes.values()
    finally:
        if schemas_behind(schemas):
            call_command("migrate_schemas", interactive=False, verbosity=0)


def test_workers_must_be_at_least_one():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("migrate_schemas", "--workers=0")


def _migrated_since(started, schemas: list[str]) -> dict[str, set[tuple[str, str]]]:
    """The migrations each schema recorded as applied after `started`."""
    migrated: dict[str, set[tuple[str, str]]] = {}
    for schema in schemas:
        with schema_context(schema):
            recorded = MigrationRecorder(connection).migration_qs.filter(applied__gt=started)
            if applied := set(recorded.values_list("app", "name")):
                migrated[schema] = applied
    return migrated
