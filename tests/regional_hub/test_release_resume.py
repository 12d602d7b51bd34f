"""A rollout survives the death of its worker: `clmis release work` is killed (SIGKILL) in the middle of
a country's migration, and the rollout's Celery task, sent again, restores that country's schema from
its backup and upgrades it. Committed data (a separate process works the rollout): two throwaway
countries, removed at the end."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection
from django_tenants.utils import schema_context, schema_exists, tenant_context

from clmis import RELEASE
from clmis.celery import app
from regional_hub.releases.models import Release, Rollout, RolloutCountry
from regional_hub.releases.services import release_cut, rollout_start
from regional_hub.releases.tasks import release_rollout_work
from tenants.migration_state import schemas_behind
from tenants.models import Country
from tenants.schemas import backups_of, schema_backup, schema_drop, schema_restore
from tenants.services import country_provision
from tests.regional_hub.test_releases import make_behind
from tests.support import schema_dump, url_of_test_database
from tests.upgrade_app.models import Probe

ROOT = Path(__file__).resolve().parents[2]
THROWAWAY = (("gp", "Guadeloupe"), ("mq", "Martinique"))


@pytest.fixture
def queue():
    """A worker thread on the configured broker, on a queue of its own (a running dev worker can't steal)."""
    name = f"test-{uuid.uuid4().hex[:8]}"
    with start_worker(app, pool="solo", perform_ping_check=False, queues=[name], shutdown_timeout=30):
        yield name


@pytest.fixture
def committed_rollout(countries, django_db_blocker):
    with django_db_blocker.unblock():
        made_release = not Release.objects.filter(version=RELEASE).exists()
        release = release_cut(kind="patch", notes={"en": "Probe."}) if made_release else None
        try:
            made = []
            for code, name in THROWAWAY:
                country, _created = country_provision(code=code, name=name, timezone="America/Martinique")
                country.release = "2025.2"
                country.save(update_fields=["release"])
                make_behind(country)
                made.append(country)
            release = release or Release.objects.get(version=RELEASE)
            yield rollout_start(release=release, countries=made, workers=1, send=False)
        finally:
            connection.set_schema_to_public()
            Rollout.objects.filter(countries__country__schema_name__in=[c for c, _n in THROWAWAY]).delete()
            for code, _name in THROWAWAY:
                Country.objects.filter(schema_name=code).delete()
                for schema in [code, *backups_of(code)]:
                    schema_drop(schema)
            if made_release:
                Release.objects.filter(version=RELEASE).delete()


def _worker(rollout: Rollout) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": url_of_test_database(),
        "DJANGO_SETTINGS_MODULE": "clmis.settings_test",
        "CLMIS_TEST_MIGRATION_HANGS_IN": "gp",
    }
    command = [sys.executable, "-c", "from clmis.cli import main; main()", "release", "work", str(rollout.pk)]
    return subprocess.Popen(command, env=env, cwd=ROOT)


def _wait_for(condition, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_a_killed_worker_is_taken_over_and_the_country_restored_and_upgraded(
    committed_rollout, django_db_blocker, queue
):
    rollout = committed_rollout
    with django_db_blocker.unblock():
        worker = _worker(rollout)
        try:
            hung = RolloutCountry.objects.filter(rollout=rollout, country__schema_name="gp")
            _wait_for(lambda: hung.filter(step=RolloutCountry.Step.MIGRATE).exists())
            # Into the migration: the column is added and a row written (committed) before it hangs.
            _wait_for(lambda: _probe_rows("gp") == 1)
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait()
        upgrade = hung.get()
        assert (upgrade.state, upgrade.step, upgrade.attempts) == ("running", "migrate", 1)
        assert schema_exists(upgrade.backup_schema)

        finished = release_rollout_work.apply_async(args=[rollout.pk], queue=queue).get(timeout=180)

        assert sorted(finished) == ["gp", "mq"]
        upgrade.refresh_from_db()
        assert (upgrade.state, upgrade.attempts) == ("upgraded", 2)
        outcomes = [(event.step, event.outcome, event.worker != "") for event in upgrade.events.all()]
        assert ("migrate", "restored", True) in outcomes and ("", "resumed", True) in outcomes
        assert outcomes[-1] == ("reopen", "done", True)
        assert schemas_behind(["gp", "mq"]) == []
        assert _probe_rows("gp") == 1  # the killed migration's row went with the restored copy
        with schema_context("public"):
            assert set(
                Country.objects.filter(schema_name__in=["gp", "mq"]).values_list("release", "status")
            ) == {(RELEASE, "active")}
        rollout.refresh_from_db()
        assert rollout.state == Rollout.State.FINISHED


def _probe_rows(code: str) -> int:
    country = Country.objects.get(schema_name=code)
    try:
        with tenant_context(country):
            return Probe.objects.count()
    finally:
        connection.set_schema_to_public()


def test_a_restored_schema_dumps_identically_to_the_one_backed_up(countries, django_db_blocker, tmp_path):
    """pg_dump of a country before its backup and after a restore from it, whatever happened between."""
    with django_db_blocker.unblock():
        country_provision(code="gp", name="Guadeloupe")
        try:
            before = schema_dump("gp")
            schema_backup("gp", "bk_gp_test")
            with connection.cursor() as cursor:
                cursor.execute("ALTER TABLE gp.upgrade_probe_probe ADD COLUMN broken integer")
                cursor.execute(
                    "INSERT INTO gp.upgrade_probe_probe (name, checked) VALUES ('half-migrated', true)"
                )
                cursor.execute("DROP TABLE gp.news_article CASCADE")
            assert schema_dump("gp") != before
            schema_restore("gp", "bk_gp_test")
            assert schema_dump("gp") == before
        finally:
            connection.set_schema_to_public()
            Country.objects.filter(schema_name="gp").delete()
            for schema in ["gp", *backups_of("gp")]:
                schema_drop(schema)
