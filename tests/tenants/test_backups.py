"""A country's backup file and its restore (`clmis country backup|restore`): the round trip gives back
the very schema that was backed up, and a bad file changes nothing. pg_dump and pg_restore are separate
processes, so the data is committed: a throwaway country, removed at the end."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_context, schema_exists, tenant_context

from modules.employers.models import Employer
from modules.employers.services import employer_save
from modules.reference.selectors import code_lookup
from tenants.backups import country_backup, country_restore
from tenants.migration_state import schemas_behind
from tenants.models import Country
from tenants.schemas import backups_of, schema_drop
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
