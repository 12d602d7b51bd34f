"""A task runs in the schema it was sent from, through a real broker and a real worker."""

import uuid
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import tenant_context

from clmis.celery import app
from clmis.tasks import countries_send, ping, sessions_clear_expired


@pytest.fixture(scope="module")
def queue():
    """A worker thread on the configured broker, on a queue of its own (a running dev worker can't steal)."""
    name = f"test-{uuid.uuid4().hex[:8]}"
    with start_worker(app, pool="solo", perform_ping_check=False, queues=[name], shutdown_timeout=10):
        yield name


@pytest.mark.django_db
def test_a_task_sent_in_a_country_runs_in_that_countrys_schema(countries, queue):
    with tenant_context(countries["kn"]):
        kn = ping.apply_async(queue=queue)
    with tenant_context(countries["lc"]):
        lc = ping.apply_async(queue=queue)
    public = ping.apply_async(queue=queue)
    assert kn.get(timeout=20) == {"schema": "kn"}
    assert lc.get(timeout=20) == {"schema": "lc"}
    assert public.get(timeout=20) == {"schema": "public"}


@pytest.mark.django_db
def test_a_task_enqueued_on_commit_keeps_the_schema_it_was_asked_from(
    countries, queue, django_capture_on_commit_callbacks
):
    task_id = uuid.uuid4().hex
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():  # noqa: SIM117
        with tenant_context(countries["sr"]):
            ping.apply_async_on_commit(queue=queue, task_id=task_id)
            # Left the country's context before the commit: the task must still run in sr.
    assert len(callbacks) == 1
    assert app.AsyncResult(task_id).get(timeout=20) == {"schema": "sr"}


@pytest.mark.django_db
def test_work_for_every_country_runs_once_in_each_country(countries, queue):
    sent = countries_send(ping, queue=queue)
    assert set(sent) >= {"kn", "lc", "sr"}
    for code, result in sent.items():
        assert result.get(timeout=20) == {"schema": code}


@pytest.mark.django_db
def test_expired_sessions_are_cleared_in_their_own_schema_only(kn, lc):
    now = timezone.now()
    with tenant_context(kn):
        Session.objects.create(session_key="kn-old", session_data="", expire_date=now - timedelta(days=1))
        Session.objects.create(session_key="kn-live", session_data="", expire_date=now + timedelta(days=1))
    with tenant_context(lc):
        Session.objects.create(session_key="lc-old", session_data="", expire_date=now - timedelta(days=1))
    with tenant_context(kn):
        assert sessions_clear_expired() == 1
        assert set(Session.objects.values_list("session_key", flat=True)) >= {"kn-live"}
        assert not Session.objects.filter(session_key="kn-old").exists()
    with tenant_context(lc):
        assert Session.objects.filter(session_key="lc-old").exists()


@pytest.mark.parametrize(
    ("task", "queue"),
    [
        ("modules.indicators.tasks.indicators_compute_period", "computation"),
        ("modules.indicators.tasks.indicators_upload_check", "computation"),
        ("regional_hub.facts.tasks.facts_collect_country", "collection"),
        ("regional_hub.releases.tasks.release_rollout_work", "upgrades"),
        ("clmis.outbox.tasks.outboxes_drain", "default"),
        ("modules.indicators.tasks.indicators_compute_everywhere", "default"),
    ],
)
def test_each_workload_goes_to_its_own_queue(task, queue):
    assert task in app.tasks
    assert app.amqp.router.route({}, task)["queue"].name == queue


def test_a_worker_started_without_queues_serves_every_workload():
    assert {queue.name for queue in app.conf.task_queues} == {
        "default",
        "computation",
        "collection",
        "upgrades",
    }
