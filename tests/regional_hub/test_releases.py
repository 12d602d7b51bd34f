"""The release train: a release recorded from the running code, and rollouts that close a country, back
its schema up, migrate it, check it and reopen it, restoring the schema of a country whose migration
fails while the others go on. Countries are made behind by unapplying the last migration of the
test-only app tests/upgrade_app, which fails where CLMIS_TEST_MIGRATION_FAILS_IN says."""

import datetime
import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django_tenants.utils import get_tenant_base_migrate_command_class, schema_context, tenant_context

from clmis import RELEASE
from regional_hub.releases.models import Release, Rollout, RolloutCountry
from regional_hub.releases.selectors import countries_behind
from regional_hub.releases.services import release_cut, rollout_countries_add, rollout_start, rollout_work
from tenants.migration_state import schemas_behind
from tenants.models import Country
from tenants.schemas import backups_of
from tenants.services import country_status_set, module_disable
from tests.support import client_for, sign_in, user_in
from tests.upgrade_app.models import Probe

PROBE = ("upgrade_probe", "0002_checked")


def make_behind(country: Country) -> None:
    """Unapply the probe's last migration in the country: its schema is now one migration behind."""
    connection.set_schema(country.schema_name)
    try:
        call_command(
            get_tenant_base_migrate_command_class()(), "upgrade_probe", "0001", interactive=False, verbosity=0
        )
    finally:
        connection.set_schema_to_public()


def fingerprint(schema: str) -> dict:
    """What pg_dump would tell of a schema: its identity, every column, constraint and index, and a
    digest of every table's rows."""
    with connection.cursor() as cursor:
        cursor.execute("SET search_path TO public")
        cursor.execute("SELECT oid FROM pg_namespace WHERE nspname = %s", [schema])
        oid = cursor.fetchone()[0]
        cursor.execute(
            "SELECT table_name, column_name, data_type, is_nullable, column_default "
            "FROM information_schema.columns WHERE table_schema = %s ORDER BY 1, 2",
            [schema],
        )
        columns = cursor.fetchall()
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE connamespace = %s ORDER BY 1, 2",
            [oid],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = %s ORDER BY 1", [schema]
        )
        indexes = cursor.fetchall()
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY 1", [schema])
        rows = {}
        for (table,) in cursor.fetchall():
            digest = "md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
            cursor.execute(f'SELECT {digest} FROM "{schema}"."{table}" t')  # noqa: S608
            rows[table] = cursor.fetchone()[0]
    connection.set_schema_to_public()
    return {"oid": oid, "columns": columns, "constraints": constraints, "indexes": indexes, "rows": rows}


@pytest.fixture
def release(countries, db) -> Release:
    return release_cut(kind=Release.Kind.MAJOR, notes={"en": "New probe column.", "nl": "Nieuwe kolom."})


@pytest.fixture
def behind(kn, lc) -> list[Country]:
    """kn and lc on an older release, each one migration behind the code (in the test's transaction:
    a clone of a country locks about 1,900 relations, so a test can afford two or three of them)."""
    for country in (kn, lc):
        country.release = "2025.2"
        country.save(update_fields=["release"])
        make_behind(country)
    return [kn, lc]


def test_a_release_is_recorded_from_the_code_with_what_it_brings(countries, db):
    earlier = Release.objects.create(
        version="2025.2",
        kind=Release.Kind.INTERIM,
        released_on=datetime.date(2025, 6, 1),
        notes={"en": "Earlier."},
        modules=[{"key": "employers", "title": "Employers", "version": "1.0", "contributed_by": "core"}],
        migrations=["employers.0001_employers_and_representatives"],
        cut_by="hub:hub_admin",
    )
    release = release_cut(kind=Release.Kind.MAJOR, notes={"en": "Notes.", "fr": "Notes en français."})
    assert release.version == RELEASE
    assert (
        "upgrade_probe.0002_checked" in release.migrations
        and "employers.0001_employers_and_representatives" in release.migrations
    )
    assert (
        "employers.0001_employers_and_representatives" not in release.brings
        and "upgrade_probe.0002_checked" in release.brings
    )
    assert "complaints" in release.new_modules and "employers" not in release.new_modules
    assert {"key": "grievances", "title": "Grievances", "version": "0.1", "contributed_by": "core"} in (
        release.modules
    )
    with override_settings(LANGUAGE_CODE="fr"):
        assert release.notes_in("fr") == "Notes en français."
    assert release.notes_in("nl") == "Notes."
    with pytest.raises(ValidationError, match="already recorded"):
        release_cut(kind=Release.Kind.PATCH, notes={"en": "Again."})
    earlier.version = "2099.1"
    earlier.save()
    Release.objects.filter(version=RELEASE).delete()
    with pytest.raises(ValidationError, match=r"older than 2099\.1"):
        release_cut(kind=Release.Kind.PATCH, notes={"en": "Old code."})
    earlier.delete()
    with pytest.raises(ValidationError, match="English"):
        release_cut(kind=Release.Kind.PATCH, notes={"nl": "Alleen Nederlands."})
    assert not Release.objects.filter(version=RELEASE).exists()


def test_the_one_query_check_finds_exactly_the_schemas_behind(behind, sr):
    assert schemas_behind(["sr", "kn", "lc"]) == ["kn", "lc"]
    assert [country.code for country in countries_behind()] == ["kn", "lc"]


def test_a_failing_migration_restores_that_country_identically_and_the_others_are_upgraded(
    behind, release, monkeypatch
):
    kn, lc = behind
    monkeypatch.setenv("CLMIS_TEST_MIGRATION_FAILS_IN", "lc")
    before = fingerprint("lc")
    rollout = rollout_start(release=release, countries=behind, workers=2, send=False)

    done = rollout_work(rollout, worker="test")

    assert [upgrade.country.code for upgrade in done] == ["kn", "lc"]
    failed = RolloutCountry.objects.get(rollout=rollout, country=lc)
    assert failed.state == RolloutCountry.State.FAILED
    assert failed.error == "Migrate: injected failure in lc"
    assert fingerprint("lc") == before  # the very schema it had: same oid, structure and rows
    assert schemas_behind(["lc"]) == ["lc"] and backups_of("lc") == []
    lc.refresh_from_db()
    assert (lc.release, lc.status) == ("2025.2", Country.Status.ACTIVE)
    assert [(e.step, e.outcome) for e in failed.events.all()][-3:] == [
        ("migrate", "started"),
        ("migrate", "failed"),
        ("migrate", "restored"),
    ]
    upgraded = RolloutCountry.objects.get(rollout=rollout, country=kn)
    assert upgraded.state == RolloutCountry.State.UPGRADED, upgraded.error
    kn.refresh_from_db()
    assert (kn.release, kn.status) == (RELEASE, Country.Status.ACTIVE)
    assert [(e.step, e.outcome) for e in upgraded.events.all()] == [
        ("maintenance", "started"),
        ("backup", "started"),
        ("migrate", "started"),
        ("smoke", "started"),
        ("reopen", "started"),
        ("reopen", "done"),
    ]
    assert backups_of("kn") == [upgraded.backup_schema]
    with tenant_context(kn):
        assert Probe.objects.get().name == "migrated kn"
    assert schemas_behind(["kn"]) == []
    rollout.refresh_from_db()
    assert rollout.state == Rollout.State.FINISHED


def test_bad_rollouts_are_refused_with_their_reasons_and_nothing_is_planned(behind, release, sr):
    kn, lc = behind
    rollout_start(release=release, countries=[kn], send=False)
    lc.release = "2099.1"
    lc.save(update_fields=["release"])
    sr.release = RELEASE
    sr.save(update_fields=["release"])
    with pytest.raises(ValidationError) as refused:
        rollout_start(release=release, countries=[kn, lc, sr], send=False)
    assert refused.value.messages == [
        f"Saint Kitts and Nevis is already being upgraded (rollout #{Rollout.objects.get().pk}).",
        f"Saint Lucia is on release 2099.1, newer than {RELEASE}.",
        f"Suriname is already on release {RELEASE}.",
    ]
    older = Release.objects.create(
        version="2025.2", kind=Release.Kind.PATCH, released_on=datetime.date(2025, 1, 1), cut_by="x"
    )
    lc.release = "2025.2"
    lc.save(update_fields=["release"])
    with pytest.raises(ValidationError, match=r"deploy the code of 2025\.2"):
        rollout_start(release=older, countries=[lc], send=False)
    with pytest.raises(ValidationError, match="between 1 and 8"):
        rollout_start(release=release, countries=[lc], workers=0, send=False)
    with pytest.raises(ValidationError, match="different times"):
        same = (datetime.time(2), datetime.time(2))
        rollout_start(release=release, countries=[lc], window=same, send=False)
    with pytest.raises(ValidationError, match="at least one country"):
        rollout_start(release=release, countries=[], send=False)
    assert Rollout.objects.count() == 1 and RolloutCountry.objects.count() == 1


def test_a_country_waits_for_its_window_in_its_own_time_and_waves_follow_each_other(behind, release):
    kn, lc = behind
    now = datetime.datetime.now(tz=kn.zoneinfo())
    closed = ((now + datetime.timedelta(hours=2)).time(), (now + datetime.timedelta(hours=3)).time())
    rollout = rollout_start(release=release, countries=[kn], window=closed, send=False)
    rollout_countries_add(rollout=rollout, countries=[lc], wave=2)

    assert rollout_work(rollout, worker="test") == []

    # kn's window (in St Kitts' time) has not opened, so wave 2 (lc) cannot start either.
    states = dict(RolloutCountry.objects.values_list("country__schema_name", "state"))
    assert states == {"kn": "waiting", "lc": "waiting"}
    opened = ((now - datetime.timedelta(hours=1)).time(), (now + datetime.timedelta(hours=1)).time())
    RolloutCountry.objects.filter(country=kn).update(window_start=opened[0], window_end=opened[1])
    assert [upgrade.country.code for upgrade in rollout_work(rollout, worker="test")] == ["kn", "lc"]
    assert set(RolloutCountry.objects.values_list("state", flat=True)) == {"upgraded"}


def test_maintenance_closes_only_that_country_and_its_public_figures_stay_served(countries, db, sr):
    sr_client = client_for("sr.localhost")
    figures = sr_client.get("/lmi/")
    assert figures.status_code == 200
    country_status_set(country=sr, status=Country.Status.MAINTENANCE)

    closed = sr_client.get("/accounts/login/")
    assert closed.status_code == 503 and closed["Content-Language"] == "nl"
    kept = sr_client.get("/lmi/")
    assert kept.status_code == 200 and kept.content == figures.content
    assert sr_client.get("/lmi/calendar/").status_code == 503  # never computed, so nothing kept
    assert client_for("kn.localhost").get("/accounts/login/").status_code == 200
    assert client_for("lc.localhost").get("/lmi/").status_code == 200
    assert client_for("localhost").get("/accounts/login/").status_code == 200


@pytest.fixture
def hub_admin(countries, db):
    with schema_context("public"):
        TOTP.activate(user_in(None, "hub_admin"), generate_totp_secret())
    return sign_in(client_for("localhost"), None, "hub_admin")


def test_the_hub_records_a_release_rolls_it_out_and_shows_the_progress(hub_admin, behind):
    listing = hub_admin.get("/releases/")
    assert f"Record release {RELEASE}" in listing.content.decode()
    assert "2 countries" in listing.content.decode()
    refused = hub_admin.post("/releases/cut/", {"kind": "major", "notes_en": ""})
    assert refused.status_code == 200 and not Release.objects.exists()
    made = hub_admin.post("/releases/cut/", {"kind": "major", "notes_en": "The probe gains a column."})
    assert made.status_code == 302 and made["Location"] == f"/releases/{RELEASE}/"
    detail = hub_admin.get(made["Location"]).content.decode()
    assert "The probe gains a column." in detail and "upgrade_probe.0002_checked" in detail

    form = hub_admin.get("/releases/rollouts/new/").content.decode()
    chosen = re.findall(r'name="countries" value="(\d+)"[^>]*checked', form)
    assert sorted(map(int, chosen)) == sorted(c.pk for c in behind)  # the countries behind
    started = hub_admin.post(
        "/releases/rollouts/new/",
        {
            "countries": [c.pk for c in behind],
            "wave": 1,
            "workers": 2,
            "window_start": "",
            "window_end": "",
        },
    )
    assert started.status_code == 302
    rollout = Rollout.objects.get()
    assert rollout.created_by == "hub:hub_admin" and rollout.countries.count() == 2
    again = hub_admin.post(
        "/releases/rollouts/new/", {"countries": [behind[0].pk], "wave": 1, "workers": 1}
    ).content.decode()
    assert "Saint Kitts and Nevis is already being upgraded" in again
    assert "Waiting" in hub_admin.get(started["Location"]).content.decode()

    rollout_work(rollout, worker="test")

    progress = hub_admin.get(started["Location"]).content.decode()
    assert progress.count("Upgraded") == 2 and 'http-equiv="refresh"' not in progress
    assert f"<td>{RELEASE}</td>" in hub_admin.get("/countries/").content.decode()
    country_page = hub_admin.get(f"/countries/{behind[0].code}/").content.decode()
    assert f'<a href="/releases/rollouts/{rollout.pk}/">{RELEASE}</a> — Upgraded' in country_page


def test_the_analyst_cannot_cut_or_roll_out(countries, db):
    analyst = sign_in(client_for("localhost"), None, "regional_analyst")
    assert analyst.get("/releases/").status_code == 403
    assert analyst.post("/releases/cut/", {"kind": "major", "notes_en": "x"}).status_code == 403
    assert not Release.objects.exists()


def test_the_country_admin_sees_what_is_new_in_its_release(kn, countries):
    release = release_cut(kind=Release.Kind.MAJOR, notes={"en": "Tracks grievances.", "nl": "Klachten."})
    release.new_modules = ["grievances"]
    release.save()
    kn.release = RELEASE
    kn.save(update_fields=["release"])
    module_disable(country=kn, key="grievances", by=None)
    with tenant_context(kn):
        TOTP.activate(user_in(kn, "lmis_admin"), generate_totp_secret())
    admin = sign_in(client_for("kn.localhost"), kn, "lmis_admin")
    page = admin.get("/settings/modules/").content.decode()
    assert f"New in release {RELEASE}" in page and "Tracks grievances." in page
    assert "<li><strong>Grievances</strong>" in page


def test_the_release_command_cuts_lists_and_shows_a_rollout(countries, db, behind, capsys, monkeypatch):
    call_command(
        "release",
        "cut",
        "--kind",
        "interim",
        "--notes",
        "From the command line.",
        "--notes-in",
        "nl",
        "Via de opdrachtregel.",
    )
    assert Release.objects.get().notes == {"en": "From the command line.", "nl": "Via de opdrachtregel."}
    call_command("release", "list")
    assert f"{RELEASE}\tinterim" in capsys.readouterr().out
    rollout = rollout_start(release=Release.objects.get(), countries=behind[:1], send=False)
    call_command("release", "status", str(rollout.pk))
    assert "kn\twave 1\tWaiting" in capsys.readouterr().out
    with pytest.raises(Exception, match="No country with code zz"):
        call_command("release", "rollout", "zz", "--workers", "1")


def test_a_country_not_on_this_codes_release_is_neither_served_nor_sent_work(countries, db, kn, lc):
    kn.release = "2025.2"
    kn.save(update_fields=["release"])
    country_status_set(country=lc, status=Country.Status.MAINTENANCE)

    refused = client_for("kn.localhost").get("/accounts/login/")
    assert refused.status_code == 503 and "We are upgrading this site" in refused.content.decode()
    assert client_for("sr.localhost").get("/accounts/login/").status_code == 200
    assert set(Country.objects.served_here().values_list("schema_name", flat=True)) == {"sr"}
