"""Benchmarks 14 and 15: the release train's work over 200 countries, in a database of their own.

14. Which schemas are behind: `clmis migrate_schemas` with nothing to apply (our one query over every
    schema's django_migrations) against `clmis migrate_schemas --all-schemas` (django-tenants' `migrate`
    in each schema), as benchmark 3 but over 200 countries.
15. A real migration in every schema (bench/upgrade_app's 0002: a column, an index and a data
    migration): `clmis migrate_schemas --workers 1` against `--workers N`, N the cores this process may
    use (at least 2). Between runs the migration is undone by SQL in one transaction (column, index and
    its django_migrations row in every schema), so each run starts with every schema behind.

The 200 countries ("Bench up xx") would slow down every other benchmark that visits all countries, so
they live in a database of their own, the bench database's name with `_upgrade`, made and kept by
bench/upgrade_data.py. Every command runs as a fresh process on that database with
bench/settings_upgrade.py, which adds the bench-only app.
"""

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import environ
import psycopg
from psycopg import sql

from bench.database import database_create_if_missing
from bench.migrate_check import ALL_SCHEMAS, PLAIN, STARTUP, checked, clmis
from bench.timing import Series, fastest_ratio, paired_ratio, timed
from bench.upgrade_data import CATALOGS

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = "bench.settings_upgrade"
TABLE = "bench_upgrade_reading"
INDEX = "bench_reading_checked"
MIGRATION = ("bench_upgrade", "0002_checked")
# Rows of each schema's table that the data migration marks (names ending in 0, of 100).
CHECKED_PER_SCHEMA = 10


@dataclass(frozen=True)
class UpgradeResult:
    database: str
    countries: int
    schemas: int
    made: int
    making: float
    plain: Series
    all_schemas: Series
    startup: Series
    plain_output: str
    workers: int
    sequential: Series
    parallel: Series
    parallel_output: str

    @property
    def check_ratio(self) -> float:
        """How many times longer django-tenants' visit of every schema takes than our check (per round)."""
        return paired_ratio(self.all_schemas, self.plain)

    @property
    def migration_ratio(self) -> float:
        """How many times longer one worker takes than N to apply the release everywhere (per round)."""
        return paired_ratio(self.sequential, self.parallel)

    @property
    def migration_fastest_ratio(self) -> float:
        return fastest_ratio(self.sequential, self.parallel)


def upgrade_database_url(url: str) -> str:
    """The bench database's URL with `_upgrade` appended to its name."""
    config = environ.Env.db_url_config(url)
    return url.rsplit("/", 1)[0] + f"/{config['NAME']}_upgrade"


def upgrade_environment(database_url: str) -> tuple[dict[str, str], str]:
    """The environment of a process on the upgrade database, and that database's name."""
    url = upgrade_database_url(database_url)
    # The `clmis` script finds the product's packages, not bench/: the settings module needs the root.
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": SETTINGS, "PYTHONPATH": path}
    return env, environ.Env.db_url_config(url)["NAME"]


def parallel_workers() -> int:
    return max(2, len(os.sched_getaffinity(0)))


def run(
    *, database_url: str, countries: int, check_repetitions: int, migration_repetitions: int, progress
) -> UpgradeResult:
    url = upgrade_database_url(database_url)
    database_create_if_missing(url)
    env, name = upgrade_environment(database_url)
    progress(f"   {countries} countries in {name} (made once, then kept)")
    made = _countries_ensure(env, countries)
    with psycopg.connect(url, autocommit=True) as connection:
        schemas = _schemas(connection)
        workers = parallel_workers()
        # Every schema current first (the release applied), so the check finds nothing to do.
        clmis(("migrate_schemas", "--workers", str(workers)), env=env)
        _require_applied(connection, schemas)
        progress(f"   14: no-op check against --all-schemas over {len(schemas) + 1} schemas")
        plain_output = checked(PLAIN, len(schemas) + 1, env=env)
        checked(ALL_SCHEMAS, len(schemas) + 1, env=env)
        check: dict[tuple[str, ...], list[float]] = {PLAIN: [], ALL_SCHEMAS: [], STARTUP: []}
        for _ in range(check_repetitions):
            for command in check:
                check[command].append(timed(lambda command=command: clmis(command, env=env)))
        progress(f"   15: the release in {len(schemas)} schemas, 1 worker against {workers}")
        runs: dict[int, list[float]] = {1: [], workers: []}
        parallel_output = ""
        for _ in range(migration_repetitions):
            for count in runs:
                _release_undo(connection, schemas)
                command = ("migrate_schemas", "--workers", str(count))
                outputs: list[str] = []
                runs[count].append(
                    timed(lambda command=command, outputs=outputs: outputs.append(clmis(command, env=env)))
                )
                _require_migrated(outputs[0], len(schemas))
                _require_applied(connection, schemas)
                if count > 1:
                    parallel_output = _summary_line(outputs[0])
    return UpgradeResult(
        database=name,
        countries=len(schemas) - 1,
        schemas=len(schemas) + 1,
        made=made["made"],
        making=made["seconds"],
        plain=Series(tuple(check[PLAIN])),
        all_schemas=Series(tuple(check[ALL_SCHEMAS])),
        startup=Series(tuple(check[STARTUP])),
        plain_output=plain_output.strip(),
        workers=workers,
        sequential=Series(tuple(runs[1])),
        parallel=Series(tuple(runs[workers])),
        parallel_output=parallel_output,
    )


def _countries_ensure(env: dict[str, str], countries: int) -> dict:
    """bench/upgrade_data.py in its own process (it needs Django on the upgrade database)."""
    completed = subprocess.run(
        [sys.executable, "-m", "bench.upgrade_data", str(countries)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        check=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _schemas(connection: psycopg.Connection) -> list[str]:
    """Every schema with the bench app's table: the countries and the template (not public)."""
    rows = connection.execute(
        "SELECT table_schema FROM information_schema.tables WHERE table_name = %s ORDER BY 1", [TABLE]
    ).fetchall()
    return [schema for (schema,) in rows]


def _release_undo(connection: psycopg.Connection, schemas: list[str]) -> None:
    """Take the release back out of every schema in one transaction, then settle the catalogs' statistics
    (autovacuum is off here) so every run starts from the same state."""
    app, name = MIGRATION
    with connection.transaction():
        for schema in schemas:
            connection.execute(sql.SQL("DROP INDEX IF EXISTS {}").format(sql.Identifier(schema, INDEX)))
            connection.execute(
                sql.SQL("ALTER TABLE {} DROP COLUMN IF EXISTS checked").format(sql.Identifier(schema, TABLE))
            )
            connection.execute(
                sql.SQL("DELETE FROM {} WHERE app = %s AND name = %s").format(
                    sql.Identifier(schema, "django_migrations")
                ),
                [app, name],
            )
    for catalog in CATALOGS:
        connection.execute(sql.SQL("VACUUM ANALYZE {}").format(sql.Identifier("pg_catalog", catalog)))


def _require_applied(connection: psycopg.Connection, schemas: list[str]) -> None:
    """The release recorded and its data migration done in every schema, or the suite fails."""
    app, name = MIGRATION
    recorded = sql.SQL(" + ").join(
        sql.SQL("(SELECT count(*) FROM {} WHERE app = %s AND name = %s)").format(
            sql.Identifier(schema, "django_migrations")
        )
        for schema in schemas
    )
    marked = sql.SQL(" + ").join(
        sql.SQL("(SELECT count(*) FROM {} WHERE checked)").format(sql.Identifier(schema, TABLE))
        for schema in schemas
    )
    params = [value for _ in schemas for value in (app, name)]
    (found,) = connection.execute(sql.SQL("SELECT {}").format(recorded), params).fetchone()
    (checked_rows,) = connection.execute(sql.SQL("SELECT {}").format(marked)).fetchone()
    if found != len(schemas) or checked_rows != CHECKED_PER_SCHEMA * len(schemas):
        raise RuntimeError(
            f"the release is recorded in {found} of {len(schemas)} schemas and marked {checked_rows} rows "
            f"(expected {CHECKED_PER_SCHEMA * len(schemas)})"
        )


def _require_migrated(output: str, schemas: int) -> None:
    expected = f"{schemas} of {schemas} country schemas"
    if expected not in output:
        raise RuntimeError(f"migrate_schemas did not find every schema behind:\n{output[-2000:]}")


def _summary_line(output: str) -> str:
    return next(line for line in output.splitlines() if "country schemas" in line).strip()
