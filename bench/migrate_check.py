"""Benchmark 3: `clmis migrate_schemas` with nothing to apply, our one-query check against django-tenants'.

Plain `migrate_schemas` reads every schema's django_migrations in one query and migrates none;
`--all-schemas` is django-tenants' own run of `migrate` in the public schema, every country and the
template. Both run as the operator runs them, as fresh processes, so the figures include start-up;
the start-up alone (`clmis version`, which loads the same settings and apps) is measured alongside.
"""

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from django_tenants.utils import get_public_schema_name, schema_context

from bench.state import THROWAWAY_CODES, throwaway_name
from bench.timing import Series, paired_ratio, timed
from tenants.models import Country
from tenants.services import country_provision

PLAIN = ("migrate_schemas",)
ALL_SCHEMAS = ("migrate_schemas", "--all-schemas")
STARTUP = ("version",)


@dataclass(frozen=True)
class MigrateCheckResult:
    countries: int
    schemas: int
    plain: Series
    all_schemas: Series
    startup: Series
    plain_output: str

    @property
    def ratio(self) -> float:
        """How many times longer django-tenants' run in every schema takes than our check (per round)."""
        return paired_ratio(self.all_schemas, self.plain)


def run(*, extra_countries: int, repetitions: int) -> MigrateCheckResult:
    """Add throwaway countries, then time both commands alternately (after one warm-up of each)."""
    countries_ensure(extra_countries)
    with schema_context(get_public_schema_name()):
        countries = Country.objects.count()
    schemas = countries + 2  # public and the template
    plain_output = checked(PLAIN, schemas)
    checked(ALL_SCHEMAS, schemas)
    samples: dict[tuple[str, ...], list[float]] = {PLAIN: [], ALL_SCHEMAS: [], STARTUP: []}
    for _ in range(repetitions):
        for command in samples:
            samples[command].append(timed(lambda command=command: clmis(command)))
    return MigrateCheckResult(
        countries=countries,
        schemas=schemas,
        plain=Series(tuple(samples[PLAIN])),
        all_schemas=Series(tuple(samples[ALL_SCHEMAS])),
        startup=Series(tuple(samples[STARTUP])),
        plain_output=plain_output.strip(),
    )


def countries_ensure(count: int) -> None:
    """Throwaway countries, cloned like real ones; bench.state drops them when the suite ends."""
    if count > len(THROWAWAY_CODES):
        raise ValueError(f"at most {len(THROWAWAY_CODES)} throwaway countries")
    for code in THROWAWAY_CODES[:count]:
        country_provision(code=code, name=throwaway_name(code), exist_ok=True)


def clmis(arguments: tuple[str, ...], *, env: dict[str, str] | None = None) -> str:
    """Run the `clmis` command of this environment in a new process (with `env`, or this process's
    environment); returns its output, fails loudly."""
    completed = subprocess.run(
        [*_clmis_command(), *arguments],
        capture_output=True,
        text=True,
        env=env or os.environ.copy(),
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"clmis {' '.join(arguments)} failed:\n{completed.stderr[-2000:]}")
    return completed.stdout + completed.stderr


def _clmis_command() -> list[str]:
    script = Path(sys.executable).with_name("clmis")
    if script.exists():
        return [str(script)]
    found = shutil.which("clmis")
    if found:
        return [found]
    return [sys.executable, "-c", "from clmis.cli import main; main()"]


def checked(command: tuple[str, ...], schemas: int, *, env: dict[str, str] | None = None) -> str:
    """One untimed run that also proves the command did what we time: nothing to apply, in each schema."""
    output = clmis(command, env=env)
    if command == PLAIN:
        expected = f"0 of {schemas - 1} country schemas"
        if expected not in output:
            raise RuntimeError(f"plain migrate_schemas found work to do or changed its report:\n{output}")
    else:
        visited = len(re.findall(r"No migrations to apply\.", output))
        if visited != schemas:
            raise RuntimeError(f"--all-schemas migrated {visited} schemas, expected {schemas}:\n{output}")
    return output
