"""A country's backup file and its restore (`clmis country backup|restore`): the round trip gives back
the very schema that was backed up, and a bad file changes nothing. pg_dump and pg_restore are separate
processes, so the data is committed: a throwaway country, removed at the end."""

import os
import re
import time
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_context, schema_exists, tenant_context

from modules.employers.models import Employer
from modules.employers.services import employer_save
from modules.reference.selectors import code_lookup
from tenants.backups import (
    _run,
    country_backup,
    country_restore,
    country_restore_copy,
    database_backups_prune,
    schema_renamed,
)
from tenants.migration_state import schemas_behind
from tenants.models import Country
from tenants.schemas import backups_of, schema_drop, table_counts
from tenants.services import country_provision, country_status_set
from tests.regional_hub.test_releases import fingerprint, make_behind

CODE = "bq"


@pytest.fixture
def bonaire(countries, django_db_blocker):
    """A committed country with one employer; dropped with its set-aside schemas afterwards."""
    with django_db_blocker.unblock():
        country, _created = country_provision(code=CODE, name="Bonaire")
        try:
            with tenant_context(country):
                _employer("Kralendijk Dive Shop", "BQ-1")
            yield country
        finally:
            connection.set_schema_to_public()
            Country.objects.filter(schema_name=CODE).delete()
            for schema in [CODE, *backups_of(CODE)]:
                schema_drop(schema)


def _employer(name: str, number: str) -> Employer:
    values = {
        "name": name,
        "registration_number": number,
        "isic": code_lookup("isic4", "5510"),
        "size_band": "1-9",
    }
    return employer_save(values=values, version=None, by=None)


def _contents(schema: str) -> dict:
    """Every column, constraint, index and row of the schema; not its identity (a restore makes it anew)
    nor the text of its indexes: a country made by clone has a partial index's predicate printed in
    another, equivalent, form (django-tenants' clone re-creates it from its text)."""
    contents = fingerprint(schema)
    del contents["oid"]
    contents["indexes"] = [name for name, _definition in contents["indexes"]]
    return contents


def _names(country: Country) -> list[str]:
    with tenant_context(country):
        return sorted(Employer.objects.values_list("name", flat=True))


def test_a_restore_gives_back_the_schema_that_was_backed_up(bonaire, tmp_path: Path):
    path = tmp_path / "bq.dump"
    before = _contents(CODE)
    assert country_backup(bonaire, path) > 0
    with tenant_context(bonaire):
        Employer.objects.all().delete()
        _employer("Created after the backup", "BQ-2")
    restored = country_restore(bonaire, path)
    assert _contents(CODE) == before
    assert _names(bonaire) == ["Kralendijk Dive Shop"]
    assert not restored.migrated and restored.rows > 0
    # The schema it replaced is kept aside, with what was there; the country is open again.
    assert backups_of(CODE) == [restored.set_aside]
    with schema_context(restored.set_aside):
        assert list(Employer.objects.values_list("name", flat=True)) == ["Created after the backup"]
    bonaire.refresh_from_db()
    assert bonaire.status == Country.Status.ACTIVE


def test_a_backup_of_an_older_release_is_brought_up_to_this_one(bonaire, tmp_path: Path):
    make_behind(bonaire)
    path = tmp_path / "older.dump"
    country_backup(bonaire, path)
    restored = country_restore(bonaire, path)
    assert restored.migrated and _names(bonaire) == ["Kralendijk Dive Shop"]
    assert schemas_behind([CODE]) == []


def test_a_backup_from_a_newer_release_is_refused_and_nothing_changes(bonaire, tmp_path: Path):
    path = tmp_path / "newer.dump"
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bq.django_migrations (app, name, applied) VALUES ('news', '9999_future', now())"
        )
        country_backup(bonaire, path)
        cursor.execute("DELETE FROM bq.django_migrations WHERE name = '9999_future'")
    before = _contents(CODE)
    with pytest.raises(ValidationError, match="newer release"):
        country_restore(bonaire, path)
    assert _contents(CODE) == before and backups_of(CODE) == []
    bonaire.refresh_from_db()
    assert bonaire.status == Country.Status.ACTIVE


def test_a_file_of_another_country_or_no_backup_at_all_is_refused(bonaire, kn, tmp_path: Path):
    other = tmp_path / "kn.dump"
    country_backup(kn, other)
    with pytest.raises(ValidationError, match="is a backup of kn, not of bq"):
        country_restore(bonaire, other)
    junk = tmp_path / "junk.dump"
    junk.write_text("SELECT 1;")
    with pytest.raises(ValidationError, match="not a backup"):
        country_restore(bonaire, junk)
    with pytest.raises(ValidationError, match="There is no file"):
        country_restore(bonaire, tmp_path / "missing.dump")
    assert schema_exists(CODE) and backups_of(CODE) == []


def test_a_country_in_maintenance_is_not_restored(bonaire, tmp_path: Path):
    path = tmp_path / "bq.dump"
    country_backup(bonaire, path)
    country_status_set(country=bonaire, status=Country.Status.MAINTENANCE)
    with pytest.raises(ValidationError, match="restore it afterwards"):
        country_restore(bonaire, path)


def test_the_commands_back_up_and_restore(bonaire, tmp_path: Path, capsys):
    path = tmp_path / "cli.dump"
    call_command("country", "backup", CODE, "--output", str(path))
    assert f"bq written to {path}" in capsys.readouterr().out
    call_command("country", "restore", CODE, str(path))
    out = capsys.readouterr().out
    assert "bq restored from" in out and "DROP SCHEMA" in out


def test_a_backup_loaded_beside_the_country_is_its_copy_and_the_country_is_untouched(bonaire, tmp_path: Path):
    path = tmp_path / "bq.dump"
    country_backup(bonaire, path)
    with tenant_context(bonaire):
        _employer("Rincon Bakery", "BQ-2")  # after the backup: in the country, not in the copy
    before = _contents(CODE)
    try:
        rows = country_restore_copy(bonaire, path, schema="bq_inspect")
        assert rows == sum(table_counts("bq_inspect").values()) and rows > 0
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM bq_inspect.employers_employer ORDER BY name")
            assert [name for (name,) in cursor.fetchall()] == ["Kralendijk Dive Shop"]
        assert _contents(CODE) == before
        with pytest.raises(ValidationError, match="cannot be used"):
            country_restore_copy(bonaire, path, schema="bq_inspect")  # exists already
        with pytest.raises(ValidationError, match="cannot be used"):
            country_restore_copy(bonaire, path, schema='x"; DROP SCHEMA kn; --')
    finally:
        schema_drop("bq_inspect")


def test_the_schema_is_renamed_in_statements_never_in_the_rows():
    dump = (
        "CREATE TABLE bq.employers_employer (name text);\n"
        "COPY bq.employers_employer (name) FROM stdin;\n"
        "bq Dive Shop\tinfo@bq.example\n"
        "\\.\n"
        "ALTER TABLE ONLY bq.employers_employer ADD CONSTRAINT pk PRIMARY KEY (name);\n"
    )
    assert schema_renamed(dump, "bq", "bq_copy") == (
        'CREATE TABLE "bq_copy".employers_employer (name text);\n'
        'COPY "bq_copy".employers_employer (name) FROM stdin;\n'
        "bq Dive Shop\tinfo@bq.example\n"
        "\\.\n"
        'ALTER TABLE ONLY "bq_copy".employers_employer ADD CONSTRAINT pk PRIMARY KEY (name);\n'
    )


def test_the_whole_database_is_backed_up_and_old_backups_pruned(bonaire, tmp_path: Path, capsys):
    old = tmp_path / "clmis-2026.1-20261101T020000Z.dump"
    old.write_bytes(b"an old backup")
    os.utime(old, (time.time() - 20 * 24 * 3600,) * 2)
    recent = tmp_path / "clmis-2026.1-20261201T020000Z.dump"
    recent.write_bytes(b"a recent backup")
    other = tmp_path / "bq-2026.1-20261101T020000Z.dump"  # a country's: not the job's to delete
    other.write_bytes(b"a country's backup")
    os.utime(other, (time.time() - 20 * 24 * 3600,) * 2)
    path = tmp_path / "clmis-2026.1-20261205T020000Z.dump"
    call_command("database", "backup", "--output", str(path), "--keep-days", "14")
    out = capsys.readouterr().out
    assert f"The database written to {path}" in out and f"Deleted {old}" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([recent.name, other.name, path.name])
    listing = _run("pg_restore", "--list", str(path))
    schemas = set(re.findall(r"^\d+; \d+ \d+ SCHEMA - (\S+) ", listing, re.MULTILINE))
    assert {"kn", "lc", "sr", CODE, "country_template"} <= schemas
    assert "TABLE DATA public tenants_country" in listing  # the hub's tables too


def test_the_newest_whole_database_backup_is_never_pruned(tmp_path: Path):
    only = tmp_path / "clmis-2026.1-20260101T020000Z.dump"
    only.write_bytes(b"the only one")
    os.utime(only, (time.time() - 400 * 24 * 3600,) * 2)
    assert database_backups_prune(tmp_path, keep_days=14) == [] and only.exists()
