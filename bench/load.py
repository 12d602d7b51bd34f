"""Benchmark 16, the bounded load test: 50 users at once over many countries, served as in production
(gunicorn on a loopback port), driven by locust (bench/locustfile.py) in a process of its own.

Used two ways: `bench/run.py --only load` runs it for minutes over the countries of a database of its
own (bench/load_data.py) and puts the figures in docs/performance.md; tests/security/test_load.py runs
it for seconds in CI against countries of the test database and fails on any error. Both read the
figures from locust's statistics files: requests, failures and percentiles per kind of request.
"""

import csv
import json
import math
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
# Two sync workers with production's timeouts (infra/gunicorn.conf.py), without its worker recycling.
GUNICORN_FLAGS = ("--workers", "2", "--timeout", "60", "--graceful-timeout", "20")
USERS = 50
# What counts as the start-up in a full run, left out of its steady-state figures.
STARTUP_SECONDS = 60
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
    """One kind of request's figures (or all of them), from the run's record; times in ms."""

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
    # All requests started after the first minute: the start-up (every user signing in within 5 s) left out.
    steady: Kind | None
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


@dataclass(frozen=True)
class Served:
    """gunicorn at work: its address, how long it took to answer its health check, its master's pid."""

    address: str
    startup: float
    pid: int


@contextmanager
def gunicorn_serving(
    env: dict[str, str], log: Path, flags: tuple[str, ...] = GUNICORN_FLAGS
) -> Iterator[Served]:
    """gunicorn serving clmis.wsgi on a free loopback port until the block ends."""
    port = free_port()
    started = time.monotonic()
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "clmis.wsgi", "--bind", f"127.0.0.1:{port}", *flags],
            env=env,
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            address = f"http://127.0.0.1:{port}"
            _wait_for_health(address, server, log)
            yield Served(address, time.monotonic() - started, server.pid)
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
) -> tuple[list["Request"], list[str], int]:
    """locust headless with `users` users (all started within the first 5 s) for `seconds`; returns every
    request made, the failures (with how often each happened) and locust's exit code."""
    plan_path = work / "plan.json"
    plan_path.write_text(json.dumps(plan), encoding="utf-8")
    prefix = work / "locust"
    record = work / "requests.csv"
    record.unlink(missing_ok=True)
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
        env={**env, "CLMIS_LOAD_PLAN": str(plan_path), "CLMIS_LOAD_RECORD": str(record)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=seconds + 120,
    )
    requests = _recorded(record)
    if not requests:
        raise RuntimeError(f"locust made no request: {completed.stderr[-3000:]}")
    failures = [
        f"{row['Occurrences']}x {row['Method']} {row['Name']}: {row['Error']}"
        for row in _csv_rows(Path(f"{prefix}_failures.csv"))
    ]
    return requests, failures, completed.returncode


@dataclass(frozen=True)
class Request:
    started: float
    method: str
    name: str
    milliseconds: float
    failed: bool


def _recorded(path: Path) -> list[Request]:
    with path.open(encoding="utf-8") as lines:
        return [
            Request(float(started), method, name, float(milliseconds), failed == "1")
            for started, method, name, milliseconds, failed in csv.reader(lines)
        ]


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as lines:
        return list(csv.DictReader(lines))


def kind_of(name: str, method: str, requests: list[Request], seconds: float) -> Kind:
    """Exact percentiles (nearest rank) of the requests' times; `seconds` the span they were made in."""
    times = sorted(request.milliseconds for request in requests)

    def percentile(p: int) -> float:
        return times[max(0, math.ceil(p / 100 * len(times)) - 1)]

    return Kind(
        name=name,
        method=method,
        requests=len(times),
        failures=sum(request.failed for request in requests),
        p50=percentile(50),
        p90=percentile(90),
        p95=percentile(95),
        p99=percentile(99),
        max=times[-1],
        per_second=len(times) / seconds,
    )


def _kinds(requests: list[Request], seconds: float) -> list[Kind]:
    by_kind: dict[tuple[str, str], list[Request]] = {}
    for request in requests:
        by_kind.setdefault((request.name, request.method), []).append(request)
    return [kind_of(name, method, by_kind[name, method], seconds) for name, method in sorted(by_kind)]


def load_run(
    *, plan: dict, seconds: int, work: Path, env: dict[str, str], users: int = USERS
) -> LoadTestResult:
    """gunicorn started on the plan's database (`env`), locust against it, gunicorn stopped."""
    work.mkdir(parents=True, exist_ok=True)
    with gunicorn_serving(env, work / "gunicorn.log") as served:
        requests, failures, exit_code = locust_run(
            address=served.address, plan=plan, seconds=seconds, work=work, env=env, users=users
        )
    first = min(request.started for request in requests)
    span = max(request.started + request.milliseconds / 1000 for request in requests) - first
    steady = [request for request in requests if request.started >= first + STARTUP_SECONDS]
    return LoadTestResult(
        users=users,
        seconds=seconds,
        countries=[country["code"] for country in plan["countries"]],
        kinds=_kinds(requests, span),
        total=kind_of("all", "", requests, span),
        steady=kind_of("all", "", steady, span - STARTUP_SECONDS) if seconds > 2 * STARTUP_SECONDS else None,
        failures=failures,
        exit_code=exit_code,
        gunicorn_workers=int(GUNICORN_FLAGS[1]),
        startup=served.startup,
    )


def load_database_url(url: str) -> str:
    """The bench database's URL with `_load` appended to its name."""
    from bench.database import database_name

    return url.rsplit("/", 1)[0] + f"/{database_name(url)}_load"


def bench_run(
    *, database_url: str, countries: int, seconds: int, progress: Callable[[str], None]
) -> LoadTestResult:
    """The full run: the load database prepared, then 50 users for `seconds` against it."""
    work = Path(tempfile.mkdtemp(prefix="clmis-load-"))
    plan, env = load_prepare(database_url=database_url, countries=countries, work=work, progress=progress)
    progress(
        f"{USERS} users for {seconds} s over {len(plan['countries'])} countries (locust; files in {work})"
    )
    return load_run(plan=plan, seconds=seconds, work=work, env=env)


def load_prepare(
    *, database_url: str, countries: int, work: Path, progress: Callable[[str], None]
) -> tuple[dict, dict[str, str]]:
    """The load database (bench/load_data.py: migrated, the demo, copies of kn until `countries` have
    officers) and the plan of who signs in where; returns the plan and the environment that serves it."""
    from bench.database import database_create_if_missing

    url = load_database_url(database_url)
    database_create_if_missing(url)
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
    return json.loads((work / "plan.json").read_text(encoding="utf-8")), env
