"""Small settings read on every page (a country's custom fields, its workflow tweaks): kept in the shared
cache for a minute and in the process for a few seconds, so a list page that asks for them once per row
costs neither a query nor a cache round trip each time. Keys carry the schema: each country its own.

A change forgets its key at once in this process and in the shared cache; other processes see it within
PROCESS_SECONDS (and within SHARED_SECONDS where the cache is not shared between processes).
"""

import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection

T = TypeVar("T")
PROCESS_SECONDS = 5
SHARED_SECONDS = 60
_process: dict[tuple[str, str], tuple[float, object]] = {}


def held(key: str, load: Callable[[], T]) -> T:
    """The value under `key` in the current schema, loaded (and kept) when missing or old."""
    local_key = (connection.schema_name, key)
    found = _process.get(local_key)
    if found is not None and found[0] > time.monotonic():
        return found[1]
    value = cache.get(key)
    if value is None:
        value = load()
        cache.set(key, value, SHARED_SECONDS)
    _process[local_key] = (time.monotonic() + PROCESS_SECONDS, value)
    return value


def forget(key: str) -> None:
    cache.delete(key)
    _process.pop((connection.schema_name, key), None)


def forget_all_in_process() -> None:
    """Forget what this process holds (the tests, after a test's writes are rolled back)."""
    _process.clear()
