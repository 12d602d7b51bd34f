"""Celery beat that runs the schedule only while it holds a lock in Redis, so a second beat started by
mistake (on another server, or twice on one) waits on standby instead of sending every task twice.

The lock expires when its holder stops renewing it (a crash, a lost server): a standby beat then takes
over within LOCK_SECONDS.
"""

import logging

import redis
from celery.beat import PersistentScheduler
from django.conf import settings

logger = logging.getLogger(__name__)

LOCK_KEY = "clmis:beat"
LOCK_SECONDS = 60
# How often a beat on standby tries for the lock, and the longest a holder sleeps between renewals.
STANDBY_SECONDS = LOCK_SECONDS / 4


class SingleBeatScheduler(PersistentScheduler):
    """PersistentScheduler (the schedule file) that only sends tasks while it holds the beat lock."""

    lock_key = LOCK_KEY

    def __init__(self, *args, **kwargs):
        client = redis.Redis.from_url(redis_url(settings.CELERY_BROKER_URL))
        self.lock = client.lock(self.lock_key, timeout=LOCK_SECONDS, thread_local=False)
        self.holding = False
        super().__init__(*args, **kwargs)

    def tick(self, *args, **kwargs) -> float:
        if not self._hold():
            return STANDBY_SECONDS
        return min(super().tick(*args, **kwargs), STANDBY_SECONDS)

    def close(self) -> None:
        if self.holding and self.lock.owned():
            self.lock.release()
        self.holding = False
        super().close()

    def _hold(self) -> bool:
        try:
            holding = self.lock.reacquire() if self.lock.owned() else self.lock.acquire(blocking=False)
        except redis.exceptions.RedisError:
            # Redis away (the broker too, so nothing could be sent) or the lock lost in between.
            holding = False
        if holding != self.holding:
            logger.warning("beat %s the schedule", "runs" if holding else "is on standby: another runs")
        self.holding = bool(holding)
        return self.holding


def redis_url(broker_url: str) -> str:
    """redis-py's form of a broker's URL: kombu writes a Unix socket redis+socket://, redis-py unix://
    (the embedded Redis of infra/local.py is a socket)."""
    if broker_url.startswith("redis+socket://"):
        return "unix://" + broker_url.removeprefix("redis+socket://")
    return broker_url
