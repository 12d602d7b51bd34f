"""Benchmark 16, the bounded load test: 50 users at once over many countries, served as in production
(gunicorn on a loopback port), driven by locust (bench/locustfile.py) in a process of its own.

Used two ways: `bench/run.py --only load` runs it for minutes over the countries of a database of its
own (bench/load_data.py) and puts the figures in docs/performance.md; tests/security/test_load.py runs
it for seconds in CI against countries of the test database and fails on any error. Both read the
figures from locust's statistics files: requests, failures and percentiles per kind of request.
"""

import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCUSTFILE = ROOT / "bench" / "locustfile.py"
BIN = Path(sys.executable).parent
# infra/local.py's `up`: two sync workers, the timeouts of production.
GUNICORN_FLAGS = ("--workers", "2", "--timeout", "60", "--graceful-timeout", "20")
USERS = 50
# The kinds of request bench/locustfile.py names: every run must make each of them.
REQUEST_KINDS = (
    "page: sign in",
    "page: list",
    "page: search",
    "page: filter",
    "page: record",
    "page: note",
    "page: new employer",
    "api: list",
    "api: filter",
    "api: record",
    "api: new record",
    "public: figures",
    "public: indicator",
    "public: download",
    "hub: open data",
    "hub: explorer",
)


@dataclass(frozen=True)
class Kind:
    """locust's figures for one kind of request (or "Aggregated", all of them); times in ms."""

    name: str
    method: str
    requests: int
    failures: int
    p50: float
    p90: float
    p95: float
    p99: float
    max: float
    per_second: float


@dataclass(frozen=True)
class LoadTestResult:
    users: int
    seconds: float
    countries: list[str]
    kinds: list[Kind]
    total: Kind
    failures: list[str]
    exit_code: int
    gunicorn_workers: int
    startup: float


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def served_environment(**overrides: str) -> dict[str, str]:
    """The environment of gunicorn and locust: this checkout's code first (a shared virtualenv may hold
    another's), and what the caller says (DATABASE_URL, DJANGO_SETTINGS_MODULE...)."""
    path = os.pathsep.join([str(ROOT), str(ROOT / "platform"), os.environ.get("PYTHONPATH", "")])
    return {**os.environ, "PYTHONPATH": path.rstrip(os.pathsep), **overrides}


@contextmanager
def gunicorn_serving(env: dict[str, str], log: Path) -> Iterator[tuple[str, float]]:
    """gunicorn serving clmis.wsgi on a free loopback port until the block ends; yields its address and
    how long it took to answer its health check."""
    port = free_port()
    started = time.monotonic()
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "clmis.wsgi", "--bind", f"127.0.0.1:{port}", *GUNICORN_FLAGS],
            env=env,
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            address = f"http://127.0.0.1:{port}"
            _wait_for_health(address, server, log)
            yield address, time.monotonic() - started
        finally:
            server.terminate()
            server.wait(timeout=30)


def _wait_for_health(address: str, server: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped ({server.returncode}): {log.read_text()[-2000:]}")
        try:
            # The health check answers before any routing: the host does not matter.
            with urllib.request.urlopen(f"{address}/health/", timeout=2):  # noqa: S310 - loopback only
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {seconds:.0f} s: {log.read_text()[-2000:]}")


def locust_run(
    *, address: str, plan: dict, seconds: int, work: Path, env: dict[str, str], users: int = USERS
) -> tuple[list[Kind], Kind, list[str], int]:
    """locust headless with `users` users (all started within the first 5 s) for `seconds`; returns the
    kinds of request, the total, the failures (with how often each happened) and locust's exit code."""
    plan_path = work / "plan.json"
    plan_path.write_text(json.dumps(plan), encoding="utf-8")
    prefix = work / "locust"
    completed = subprocess.run(
        [
            str(BIN / "locust"),
            "--locustfile",
            str(LOCUSTFILE),
            "--headless",
            "--host",
            address,
            "--users",
            str(users),
            "--spawn-rate",
            str(max(1, users // 5)),
            "--run-time",
            f"{seconds}s",
            "--stop-timeout",
            "3",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        env={**env, "CLMIS_LOAD_PLAN": str(plan_path)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=seconds + 120,
    )
    rows = _csv_rows(Path(f"{prefix}_stats.csv"))
    if not rows:
        raise RuntimeError(f"locust wrote no statistics: {completed.stderr[-3000:]}")
    kinds = [_kind(row) for row in rows if row["Name"] != "Aggregated"]
    total = next(_kind(row) for row in rows if row["Name"] == "Aggregated")
    failures = [
        f"{row['Occurrences']}x {row['Name']}: {row['Error']}"
        for row in _csv_rows(Path(f"{prefix}_failures.csv"))
    ]
    return sorted(kinds, key=lambda kind: (kind.name, kind.method)), total, failures, completed.returncode


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as lines:
        return list(csv.DictReader(lines))


def _kind(row: dict[str, str]) -> Kind:
    def ms(column: str) -> float:
        value = row[column]
        return float(value) if value not in ("", "N/A") else 0.0

    return Kind(
        name=row["Name"],
        method=row["Type"],
        requests=int(row["Request Count"]),
        failures=int(row["Failure Count"]),
        p50=ms("50%"),
        p90=ms("90%"),
        p95=ms("95%"),
        p99=ms("99%"),
        max=ms("Max Response Time"),
        per_second=float(row["Requests/s"]),
    )


def load_run(
    *, plan: dict, seconds: int, work: Path, env: dict[str, str], users: int = USERS
) -> LoadTestResult:
    """gunicorn started on the plan's database (`env`), locust against it, gunicorn stopped."""
    work.mkdir(parents=True, exist_ok=True)
    with gunicorn_serving(env, work / "gunicorn.log") as (address, startup):
        kinds, total, failures, exit_code = locust_run(
            address=address, plan=plan, seconds=seconds, work=work, env=env, users=users
        )
    return LoadTestResult(
        users=users,
        seconds=seconds,
        countries=[country["code"] for country in plan["countries"]],
        kinds=kinds,
        total=total,
        failures=failures,
        exit_code=exit_code,
        gunicorn_workers=int(GUNICORN_FLAGS[1]),
        startup=startup,
    )


def load_database_url(url: str) -> str:
    """The bench database's URL with `_load` appended to its name."""
    from bench.database import database_name

    return url.rsplit("/", 1)[0] + f"/{database_name(url)}_load"


def bench_run(
    *, database_url: str, countries: int, seconds: int, progress: Callable[[str], None]
) -> LoadTestResult:
    """The full run: the load database prepared (bench/load_data.py: migrated, the demo, copies of kn
    until `countries` have officers), then 50 users for `seconds` against it."""
    from bench.database import database_create_if_missing

    url = load_database_url(database_url)
    database_create_if_missing(url)
    work = Path(tempfile.mkdtemp(prefix="clmis-load-"))
    env = served_environment(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="clmis.settings")
    progress(
        f"load database {url.rsplit('/', 1)[1]}: migrate, demo data, {countries} countries with officers"
    )
    subprocess.run(
        [sys.executable, "-m", "bench.load_data", str(countries), str(work / "plan.json")],
        env=env,
        cwd=ROOT,
        check=True,
    )
    plan = json.loads((work / "plan.json").read_text(encoding="utf-8"))
    progress(
        f"{USERS} users for {seconds} s over {len(plan['countries'])} countries (locust; files in {work})"
    )
    return load_run(plan=plan, seconds=seconds, work=work, env=env)
