"""What the figures were measured on: without the machine and versions a timing cannot be compared."""

import os
import platform
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import django
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Environment:
    date: str
    cpu_model: str
    cores: int
    usable_cores: int
    memory_gib: float
    os: str
    python: str
    django: str
    django_tenants: str
    drf: str
    psycopg: str
    postgresql: str
    commit: str
    load: str
    settings: dict[str, object]


def load_average() -> float:
    """The 1-minute load average: other work on the shared cores is the main source of noise."""
    return os.getloadavg()[0]


def environment_describe(*, load_at_start: float) -> Environment:
    """Describe the run; `load_at_start` was read before the first benchmark, the end load is read now."""
    db = settings.DATABASES["default"]
    return Environment(
        date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        cpu_model=_cpu_model(),
        cores=os.cpu_count() or 0,
        usable_cores=len(os.sched_getaffinity(0)),
        memory_gib=_memory_kib() / 1024 / 1024,
        os=platform.platform(),
        python=platform.python_version(),
        django=django.get_version(),
        django_tenants=version("django-tenants"),
        drf=version("djangorestframework"),
        psycopg=version("psycopg"),
        postgresql=_postgresql_version(),
        commit=_commit(),
        load=f"{load_at_start:.2f} at start, {load_average():.2f} at end (1-minute load average)",
        settings={
            "DEBUG": settings.DEBUG,
            "CONN_MAX_AGE": db.get("CONN_MAX_AGE"),
            "CONN_HEALTH_CHECKS": db.get("CONN_HEALTH_CHECKS"),
            "TENANT_LIMIT_SET_CALLS": getattr(settings, "TENANT_LIMIT_SET_CALLS", False),
            "TENANT_ROUTING_TTL": settings.TENANT_ROUTING_TTL,
            "database": db["NAME"],
        },
    )


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_kib() -> int:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _postgresql_version() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


def _commit() -> str:
    """The product commit measured, and the tracked files outside bench/ and docs/ that differed from it."""
    try:
        head = _git("rev-parse", "--short", "HEAD")
        changed = sorted(
            path
            for path in _git("diff", "--name-only", "HEAD").splitlines()
            if not path.startswith(("bench/", "docs/"))
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    if not changed:
        return head
    shown = ", ".join(changed[:6]) + (f" and {len(changed) - 6} more" if len(changed) > 6 else "")
    return f"{head}, with uncommitted changes to {shown}"


def _git(*arguments: str) -> str:
    return subprocess.run(
        ["git", *arguments], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
