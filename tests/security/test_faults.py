"""Faults with real processes stopped and killed (issue 10): the broker away while a submission is made,
a worker killed in the middle of a collection, PostgreSQL restarted while requests are served.

The processes are the tests' own (faults_support): a Redis and a PostgreSQL started in a temporary
folder on ports of their own, and the app's worker and web server as subprocesses. The data these
tests write is committed (the processes see only that) and removed afterwards.
"""

import datetime
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import psutil
import psycopg
import pytest
from celery.contrib.testing.worker import start_worker
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from clmis.celery import app
from clmis.outbox.models import Message
from clmis.outbox.services import outbox_drain, outbox_drain_everywhere
from modules.indicators.models import (
    Indicator,
    Observation,
    SubmissionUpload,
    breakdown_key,
)
from modules.indicators.services import observations_approve
from modules.indicators.tasks import indicators_upload_check
from regional_hub.facts.collection import facts_collect
from regional_hub.facts.models import CountryCollection, Fact, FactRevision, PeriodStatus
from regional_hub.facts.tasks import facts_collect_country
from tests.modules.indicators.test_uploads import committed_submitter, upload, values_file
from tests.security.faults_support import PostgresServer, RedisServer, broker_forget, free_port, wait_until
from tests.support import TableLocked, url_of_test_database

ROOT = Path(__file__).resolve().parents[2]
UPLOAD_CHECK = "modules.indicators.tasks.indicators_upload_check"


@pytest.fixture
def broker(tmp_path, monkeypatch) -> Iterator[RedisServer]:
    """A Redis of the test's own, which the app (and the processes the test starts) send tasks to."""
    server = RedisServer(tmp_path)
    server.start()
    # Celery reads the variable before its configuration.
    monkeypatch.setenv("CELERY_BROKER_URL", server.url)
    broker_forget(app)
    try:
        yield server
    finally:
        server.stop()
        monkeypatch.undo()
        broker_forget(app)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# --- 1. the broker stopped during a submission ------------------------------------------------------------


@pytest.fixture
def submitter(countries, django_db_blocker, media) -> Iterator[dict]:
    """A submitter of an agency and indicator of this test only, committed (committed_submitter); the
    outbox emptied after it."""
    with django_db_blocker.unblock(), committed_submitter(countries["kn"], "F") as made:
        try:
            yield made
        finally:
            with tenant_context(made["country"]):
                Message.objects.all().delete()


def test_a_submission_made_while_the_broker_is_down_is_checked_once_it_is_back(
    broker, submitter, django_db_blocker
):
    kn, indicator, client = submitter["country"], submitter["indicator"], submitter["client"]
    broker.stop()
    started = time.monotonic()
    answer = upload(client, indicator, values_file(9000))
    answered_in = time.monotonic() - started
    print(f"\nbroker down: the upload answered {answer.status_code} in {answered_in:.2f} s")
    # The submitter is told their file is kept (no error for data that was saved).
    assert answer.status_code == 302
    pk = int(answer["Location"].rstrip("/").rsplit("/", 1)[1])
    with django_db_blocker.unblock(), tenant_context(kn):
        (kept,) = Message.objects.all()
        assert (kept.task, kept.args, kept.attempts) == (UPLOAD_CHECK, [pk], 1)
        assert kept.options["headers"] == {"_schema_name": "kn"}
        assert outbox_drain() == 0  # still away: the message stays, counted
        assert Message.objects.get().attempts == 2
        assert SubmissionUpload.objects.get(pk=pk).state == "waiting"

    broker.start()
    queue = f"faults-{uuid.uuid4().hex[:8]}"
    routes = app.conf.task_routes
    app.conf.update(task_routes={UPLOAD_CHECK: {"queue": queue}})
    try:
        with (
            django_db_blocker.unblock(),
            start_worker(app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10),
        ):
            assert outbox_drain_everywhere() == {"kn": 1}
            with tenant_context(kn):
                assert not Message.objects.exists()
                accepted = wait_until(
                    lambda: SubmissionUpload.objects.filter(pk=pk, state="accepted").first(),
                    "the file checked",
                )
                assert accepted.values_saved == 9000
                values = Observation.objects.filter(indicator=indicator)
                history = Observation.history.filter(indicator_id=indicator.pk)
                counts = (values.count(), history.count())
                assert counts == (9000, 9000)
                # Sent twice (a drain and a resend sweep, a message delivered again): the second changes
                # nothing.
                again = indicators_upload_check.apply_async((pk,), task_id=str(uuid.uuid4()))
                assert again.get(timeout=30) == {"country": "kn", "upload": pk, "state": "accepted"}
                assert (values.count(), history.count()) == counts
                assert outbox_drain_everywhere() == {}
    finally:
        app.conf.update(task_routes=routes)


# --- 2. a worker killed in the middle of a collection ----------------------------------------------------

PARTICIPATION = "EAP_DWAP_SEX_AGE_RT"
SEXES = ({}, {"SEX": "SEX_F"}, {"SEX": "SEX_M"})


def _published(indicator: Indicator, periods: range) -> None:
    """Values of the periods, approved and public an hour ago (total, women, men)."""
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Observation.objects.bulk_create(
        Observation(
            indicator=indicator,
            period=str(year),
            key=breakdown_key(breakdown),
            dimensions=breakdown,
            value=Decimal(60 + year % 7),
            numerator=Decimal(600 + year % 7 * 10),
            denominator=Decimal(1000),
            origin="submitted",
            state="approved",
            decided_at=an_hour_ago,
            publish_at=an_hour_ago,
        )
        for year in periods
        for breakdown in SEXES
    )


def hub_of(country) -> dict[str, list]:
    """The hub's rows for the country, without their ids and the moments of the run that wrote them."""
    facts = Fact.objects.filter(country=country).order_by("indicator_id", "period", "key")
    revisions = FactRevision.objects.filter(country=country).order_by("indicator_id", "period", "key")
    return {
        "facts": list(facts.values_list(*FACT_FIELDS)),
        "revisions": list(revisions.values_list(*REVISION_FIELDS)),
        "statuses": list(
            PeriodStatus.objects.filter(country=country).values_list("indicator_id", "period", "waiting")
        ),
    }


FACT_FIELDS = (
    "indicator_id",
    "period",
    "key",
    "dimensions",
    "value",
    "numerator",
    "denominator",
    "flag",
    "suppressed",
    "revised",
    "agency",
    "national_revision",
    "definition_version",
    "published_at",
)
REVISION_FIELDS = (
    "indicator_id",
    "period",
    "key",
    "value",
    "numerator",
    "denominator",
    "flag",
    "suppressed",
    "national_revision",
    "published_at",
    "collected_at",
    "withdrawn",
)


def collection_waiting() -> tuple[str | None] | None:
    """The transaction id of a collection waiting for the revisions table (a session's transaction has
    an id only once it has written)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT backend_xid::text FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND query LIKE %s",
            ['INSERT INTO "facts_factrevision"%'],
        )
        return cursor.fetchone()


@pytest.fixture
def collection_worker(broker, countries, django_db_blocker, tmp_path) -> Iterator[tuple[str, psutil.Process]]:
    """A Celery worker process (prefork, one child) on the test database and the test's broker, on a
    queue of its own."""
    queue = f"faults-{uuid.uuid4().hex[:8]}"
    environment = {
        **os.environ,
        "DATABASE_URL": url_of_test_database(),
        "DJANGO_SETTINGS_MODULE": "clmis.settings_test",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "platform"), str(ROOT)]),
        "CLMIS_VAR_DIR": str(tmp_path),
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "clmis",
        "worker",
        "--pool",
        "prefork",
        "--concurrency",
        "1",
        "--queues",
        queue,
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel",
        "INFO",
    ]
    with open(tmp_path / "worker.log", "wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_until(lambda: b"ready." in (tmp_path / "worker.log").read_bytes(), "the worker starts")
        yield queue, psutil.Process(process.pid)
    finally:
        process.send_signal(signal.SIGQUIT)  # Celery's cold shutdown: nothing is left to finish
        process.wait(20)


def test_a_collection_killed_half_way_gives_the_facts_of_a_clean_run_when_it_runs_again(
    collection_worker, countries, django_db_blocker
):
    queue, worker = collection_worker
    kn = countries["kn"]
    with django_db_blocker.unblock(), tenant_context(kn):
        assert not Fact.objects.filter(country=kn).exists(), "kn's facts are this test's to make"
        indicator = Indicator.objects.get(code=PARTICIPATION)
        try:
            # The hub holds 1931-1960; then 1901-1930 are published (new facts come first in a run)
            # and the women's values of 1951-1960 revised (revisions come last).
            _published(indicator, range(1931, 1961))
            facts_collect(full=True)
            _published(indicator, range(1901, 1931))
            women = Observation.objects.filter(indicator=indicator, period__gte="1951", key="SEX=SEX_F")
            for value in women:
                value.submit_anew(
                    value=value.value + 1,
                    numerator=value.numerator + 10,
                    denominator=value.denominator,
                    submitted_by="faults",
                    now=timezone.now(),
                )
                value.save()
            observations_approve(observations=women, by=None)
            # What a clean run makes of it, rolled back.
            with transaction.atomic():
                facts_collect(full=True)
                clean = hub_of(kn)
                transaction.set_rollback(True)
            assert len(clean["facts"]) == 180 and len(clean["revisions"]) == 10

            with TableLocked("public.facts_factrevision"):
                sent = timezone.now()
                facts_collect_country.apply_async(kwargs={"full": True}, queue=queue)
                (xid,) = wait_until(collection_waiting, "the collection reaches the revisions")
                assert xid is not None  # half-way: the new facts written, not committed
                (child,) = worker.children()
                child.send_signal(signal.SIGKILL)
                child.wait(10)
            # The worker's pool lost its process: the message goes back to the queue (acks late, rejected
            # when the worker is lost) and a new process collects again, from the start.
            wait_until(
                lambda: CountryCollection.objects.filter(country=kn, last_run_at__gt=sent).exists(),
                "the collection done again",
            )
            again = hub_of(kn)
            assert again == clean
            assert Fact.objects.filter(country=kn).count() == 180
            assert FactRevision.objects.filter(country=kn).count() == 10
        finally:
            Fact.objects.filter(country=kn).delete()
            FactRevision.objects.filter(country=kn).delete()
            PeriodStatus.objects.filter(country=kn).delete()
            CountryCollection.objects.filter(country=kn).delete()
            Observation.objects.filter(indicator=indicator, period__lt="1961").delete()
            Observation.history.filter(indicator_id=indicator.pk, period__lt="1961").delete()
            Message.objects.all().delete()


# --- 3. PostgreSQL restarted while requests are served --------------------------------------------------

TOKEN = "f" * 40


@pytest.fixture(scope="module")
def own_postgres(countries, django_db_blocker) -> Iterator[tuple[PostgresServer, str]]:
    """A PostgreSQL of the module's own holding a copy of the hub and of kn (from the test database),
    with an API token for kn's officer; its URL."""
    folder = Path(tempfile.mkdtemp(prefix="clmis-faults-"))
    server = PostgresServer(folder)
    try:
        server.init()
        server.start()
        with django_db_blocker.unblock():
            url = server.copy_of(url_of_test_database(), "clmis", ("public", "kn"))
        with psycopg.connect(url, autocommit=True) as copy:
            copy.execute(
                "INSERT INTO kn.authtoken_token (key, created, user_id) "
                "SELECT %s, now(), id FROM kn.accounts_user WHERE username = 'officer'",
                [TOKEN],
            )
        yield server, url
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Answer:
    name: str
    sent: float
    status: int | None  # None: no answer at all (the connection refused or broken)


class Employers:
    """Registers employers through kn's API one after the other until stopped, keeping every answer."""

    def __init__(self, port: int, tag: str):
        self.port, self.tag, self.answers = port, tag, []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._register, daemon=True)

    def _register(self) -> None:
        while not self.stopped.is_set():
            name = f"Faults {self.tag} {len(self.answers)}"
            self.answers.append(Answer(name, time.monotonic(), self.register(name)))

    def register(self, name: str) -> int | None:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/api/v1/employers/",
            data=json.dumps({"name": name, "isic": "1071"}).encode(),
            headers={
                "Host": "kn.localhost",
                "Authorization": f"Token {TOKEN}",
                "Content-Type": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 (our own server)
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return None

    def since(self, moment: float) -> list[Answer]:
        return [answer for answer in self.answers if answer.sent > moment]


@pytest.fixture(params=["persistent connections", "connection pool"])
def web(request, own_postgres, tmp_path) -> Iterator[tuple[int, psutil.Process]]:
    """The app under gunicorn (two workers) on the module's PostgreSQL, in one of the two database
    configurations of the settings (persistent connections with health checks, or psycopg's pool)."""
    _server, url = own_postgres
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "DATABASE_POOL": str(request.param == "connection pool"),
        "DJANGO_SETTINGS_MODULE": "clmis.settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "platform"), str(ROOT)]),
        "CLMIS_VAR_DIR": str(tmp_path),
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "clmis.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
    ]
    with open(tmp_path / "web.log", "wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT)
    try:
        probe = Employers(port, "probe")
        wait_until(lambda: probe.register(f"Faults probe {uuid.uuid4().hex}") == 201, "the app answers")
        yield port, psutil.Process(process.pid)
    finally:
        process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown; its log stays in tmp_path
        process.wait(20)


def test_the_app_recovers_from_a_restart_of_postgresql_and_loses_nothing_committed(own_postgres, web):
    server, url = own_postgres
    port, gunicorn = web
    workers = {child.pid for child in gunicorn.children()}
    employers = Employers(port, uuid.uuid4().hex[:8])
    employers.thread.start()
    try:
        wait_until(lambda: len(employers.answers) >= 20, "requests answered before the restart")
        restarting = time.monotonic()
        server.restart()
        back = time.monotonic()
        wait_until(lambda: len(employers.since(back)) >= 40, "requests answered after the restart")
    finally:
        employers.stopped.set()
        employers.thread.join(30)
    before, after = employers.since(0), employers.since(back)
    print(
        f"\n{len(employers.answers)} requests: restart {back - restarting:.2f} s, answers after it "
        f"{sorted({answer.status for answer in after}, key=str)}"
    )
    # Without a restart of the app: the same gunicorn workers answer, every one of them successfully.
    assert [answer.status for answer in after] == [201] * len(after)
    assert {child.pid for child in gunicorn.children()} == workers
    created = {answer.name for answer in before if answer.status == 201}
    with psycopg.connect(url) as database:
        saved = {
            name
            for (name,) in database.execute(
                "SELECT name FROM kn.employers_employer WHERE name LIKE %s", [f"Faults {employers.tag} %"]
            )
        }
    # Every registration answered as made is there; none is there that was not asked for.
    assert created <= saved <= {answer.name for answer in before}
    assert len([a for a in before if a.sent < restarting and a.status == 201]) >= 20
