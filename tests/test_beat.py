"""Two beats against the same Redis: one sends the schedule, the other waits, and takes over when the
first stops."""

import uuid

import pytest
from django.conf import settings

from clmis.beat import LOCK_KEY, STANDBY_SECONDS, SingleBeatScheduler, redis_url
from clmis.celery import app


@pytest.fixture
def beats(tmp_path):
    """Beats on a lock of their own: a beat running on this machine's Redis must not interfere."""
    scheduler_class = type("TestBeat", (SingleBeatScheduler,), {"lock_key": f"{LOCK_KEY}:{uuid.uuid4().hex}"})
    made = []

    def beat(name: str) -> SingleBeatScheduler:
        scheduler = scheduler_class(app, schedule_filename=str(tmp_path / name), lazy=False)
        made.append(scheduler)
        return scheduler

    yield beat
    for scheduler in made:
        scheduler.close()
    made[0].lock.redis.delete(scheduler_class.lock_key)


def test_the_schedule_is_sent_by_one_beat_at_a_time(beats):
    first, second = beats("first"), beats("second")
    first.tick()
    assert first.holding and first.lock.owned()
    assert second.tick() == STANDBY_SECONDS and not second.holding
    first.tick()  # renews its hold
    assert first.holding and not second.holding


def test_a_beat_on_standby_takes_over_when_the_first_stops(beats):
    first, second = beats("first"), beats("second")
    first.tick()
    second.tick()
    first.close()
    second.tick()
    assert second.holding and second.lock.owned()


def test_the_setting_makes_every_beat_take_the_lock():
    assert settings.CELERY_BEAT_SCHEDULER == "clmis.beat:SingleBeatScheduler"
    assert app.conf.beat_scheduler == "clmis.beat:SingleBeatScheduler"


def test_the_lock_is_taken_on_the_brokers_redis_however_its_url_is_written():
    # The embedded Redis (infra/local.py) is a socket, in kombu's spelling: redis-py needs its own.
    assert redis_url("redis+socket:///srv/clmis/run/redis.sock") == "unix:///srv/clmis/run/redis.sock"
    assert redis_url("redis://10.0.0.5:6379/0") == "redis://10.0.0.5:6379/0"
