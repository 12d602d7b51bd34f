"""Who is upgrading what, told by PostgreSQL advisory locks held on a connection of their own.

A worker holds the lock of each country it upgrades, and of one of the rollout's worker slots, for
as long as it works; if its process dies, PostgreSQL ends the session and frees the locks. So a
country found "upgrading" whose lock can be taken was left by a dead worker and is taken up again,
and no more than the rollout's number of workers run at once. The connection is not Django's: a
request run for the smoke checks, or Django closing its connection, must not drop these locks.
"""

import psycopg
from django.db import connection

# The first key of every lock: classid of pg_locks, telling these locks from others.
UPGRADE = 741_001
SLOT = 741_002
# Options of Django's backend that psycopg.connect does not take.
DJANGO_ONLY_PARAMS = (
    "cursor_factory",
    "context",
    "pool",
    "server_side_binding",
    "isolation_level",
    "assume_role",
)


class Locks:
    """A session of locks; closing it (or the process ending) releases every lock it holds."""

    def __init__(self):
        params = connection.get_connection_params()
        for django_only in DJANGO_ONLY_PARAMS:
            params.pop(django_only, None)
        self._connection = psycopg.connect(**params, autocommit=True)

    def take(self, space: int, key: int) -> bool:
        return self._connection.execute("SELECT pg_try_advisory_lock(%s, %s)", [space, key]).fetchone()[0]

    def release(self, space: int, key: int) -> None:
        self._connection.execute("SELECT pg_advisory_unlock(%s, %s)", [space, key])

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> "Locks":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
