"""migrate_schemas migrates only what is behind, keeps the template current and re-syncs stale roles."""

from io import StringIO

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import tenant_context

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
