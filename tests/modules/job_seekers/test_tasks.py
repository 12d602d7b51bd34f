"""The daily task of the job seekers register runs in every country, in that country's schema."""

import uuid

import pytest
from celery.contrib.testing.worker import start_worker

from clmis.celery import app
from clmis.tasks import countries_send
from modules.job_seekers.tasks import job_seekers_daily


@pytest.fixture(scope="module")
def queue():
    """A worker thread on the configured broker, on a queue of its own (a running dev worker can't steal)."""
    name = f"test-{uuid.uuid4().hex[:8]}"
    with start_worker(app, pool="solo", perform_ping_check=False, queues=[name], shutdown_timeout=10):
        yield name


@pytest.mark.django_db
def test_the_daily_task_runs_in_each_countrys_own_schema(countries, queue):
    sent = countries_send(job_seekers_daily, queue=queue)
    assert {"kn", "lc", "sr"} <= set(sent)
    for code, result in sent.items():
        answer = result.get(timeout=20)
        assert answer["country"] == code and answer["lapsed"] == 0
