"""A country's backup as a file, and its restore: `clmis country backup kn` / `clmis country restore kn FILE`.

The file is PostgreSQL's own (`pg_dump --format=custom` of the country's schema), so it can also be
read with `pg_restore --list` and restored by hand in an emergency. The country's row, its domains
and modules live in the shared schema and stay as they are: a restore gives a country back the
records it had, in the deployment that still knows the country.

A restore closes the country for maintenance, sets its current schema aside (renamed, as a release
upgrade does: tenants/schemas.py), loads the file into its place, brings it up to the running code's
migrations if the file is from an older release, and reopens the country. If anything fails, the file's
half-loaded schema is dropped and the set-aside schema renamed back: the country is exactly as before.
"""

import importlib.util
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_exists

from clmis import RELEASE
from tenants.migration_state import applied_migrations, unknown_migrations
from tenants.models import Country
from tenants.schemas import backup_name, schema_migrate, table_counts
from tenants.services import country_reference_refresh, country_roles_sync, country_status_set


@dataclass(frozen=True)
class Restored:
    country: Country
    set_aside: str
    migrated: bool
    rows: int


def country_backup(country: Country, path: Path) -> int:
    """Write the country's schema, data included, to `path`; returns the file's size in bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _run(
        "pg_dump",
        "--format=custom",
        f"--schema={country.schema_name}",
        "--no-owner",
        "--no-privileges",
        f"--file={path}",
    )
    return path.stat().st_size


def database_backup(path: Path) -> int:
    """Write the whole database (the hub, the template, every country) to `path`; its size in bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _run("pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={path}")
    return path.stat().st_size


def database_backup_path() -> Path:
    """Where `clmis database backup` writes when not told: var/backups/clmis-<release>-<UTC time>.dump."""
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.VAR_DIR) / "backups" / f"clmis-{RELEASE}-{stamp}.dump"


def database_backups_prune(directory: Path, *, keep_days: int) -> list[Path]:
    """Delete the whole-database backups in `directory` older than `keep_days` days, never the newest."""
    backups = sorted(directory.glob("clmis-*.dump"), key=lambda path: path.stat().st_mtime)
    oldest_kept = time.time() - keep_days * 24 * 3600
    pruned = [path for path in backups[:-1] if path.stat().st_mtime < oldest_kept]
    for path in pruned:
        path.unlink()
    return pruned


def country_restore_copy(country: Country, path: Path, *, schema: str) -> int:
    """Load a country's backup into a new schema beside the live one, to look into (with psql) without
    touching the country; the number of rows it holds. The copy is not a country: drop it when done."""
    _check_file(country, path)
    if not re.fullmatch(r"[a-z][a-z0-9_]{0,62}", schema) or schema_exists(schema):
        raise ValidationError(
            _("Choose a new schema name (lower-case letters, digits, _): %(schema)s cannot be used.")
            % {"schema": schema}
        )
    sql = _run("pg_restore", "--no-owner", "--no-privileges", "--file=-", str(path))
    _run("psql", "--quiet", "--no-psqlrc", "--set=ON_ERROR_STOP=1", "--single-transaction",
         stdin=schema_renamed(sql, country.schema_name, schema))  # fmt: skip
    return sum(table_counts(schema).values())


def schema_renamed(dump: str, old: str, new: str) -> str:
    """A plain SQL dump's schema renamed in its statements, never inside the rows it copies (a
    country's data says its code in e-mail addresses and reference numbers)."""
    lines, in_rows = [], False
    for line in dump.splitlines(keepends=True):
        if in_rows:
            in_rows = line != "\\.\n"
        else:
            in_rows = line.startswith("COPY ")
            line = re.sub(rf"\b{re.escape(old)}\b", f'"{new}"', line)
        lines.append(line)
    return "".join(lines)


def backup_path(country: Country) -> Path:
    """Where `clmis country backup` writes when not told: var/backups/<code>-<release>-<UTC time>.dump."""
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.VAR_DIR) / "backups" / f"{country.code}-{RELEASE}-{stamp}.dump"


def country_restore(country: Country, path: Path, *, by=None) -> Restored:
    """Replace the country's schema with the one in the backup file; all or nothing."""
    _check_file(country, path)
    if country.is_upgrading:
        raise ValidationError(
            _("%(country)s is being upgraded or maintained; restore it afterwards.")
            % {"country": country.name}
        )
    status_before = country.status
    set_aside = backup_name(country.schema_name, f"{timezone.now():%Y%m%d%H%M%S}_restore")
    country_status_set(country=country, status=Country.Status.MAINTENANCE, by=by)
    try:
        time.sleep(settings.RELEASE_DRAIN_SECONDS)
        _rename(country.schema_name, set_aside)
        try:
            migrated = _load(country, path)
        except Exception:
            _drop(country.schema_name)
            _rename(set_aside, country.schema_name)
            raise
    finally:
        country_status_set(country=country, status=status_before, by=by)
    rows = sum(table_counts(country.schema_name).values())
    return Restored(country=country, set_aside=set_aside, migrated=migrated, rows=rows)


def _load(country: Country, path: Path) -> bool:
    """Load the file into the country's (now free) schema name and bring it up to the code."""
    _run("pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", str(path))
    schema = country.schema_name
    ahead = unknown_migrations(schema, applied_migrations([schema]).get(schema, set()))
    if ahead:
        raise ValidationError(
            _("The backup is from a newer release than this one (it has %(migrations)s).")
            % {"migrations": ", ".join(sorted(f"{app}.{name}" for app, name in ahead)[:5])}
        )
    before = applied_migrations([schema]).get(schema, set())
    schema_migrate(schema)
    country_roles_sync(country)
    country_reference_refresh(country)
    return applied_migrations([schema]).get(schema, set()) != before


def _check_file(country: Country, path: Path) -> None:
    """The file must be a custom-format dump of this country's schema, and of nothing else."""
    if not path.is_file():
        raise ValidationError(_("There is no file %(path)s.") % {"path": path})
    try:
        listing = _run("pg_restore", "--list", str(path))
    except RuntimeError as error:
        raise ValidationError(
            _("%(path)s is not a backup made by clmis country backup.") % {"path": path}
        ) from error
    schemas = set(re.findall(r"^\d+; \d+ \d+ SCHEMA - (\S+) ", listing, re.MULTILINE))
    if schemas != {country.schema_name}:
        raise ValidationError(
            _("%(path)s is a backup of %(schemas)s, not of %(code)s.")
            % {"path": path, "schemas": ", ".join(sorted(schemas)) or _("no country"), "code": country.code}
        )


def _rename(schema: str, to: str) -> None:
    quote = connection.ops.quote_name
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER SCHEMA {quote(schema)} RENAME TO {quote(to)}")


def _drop(schema: str) -> None:
    if schema_exists(schema):
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA {connection.ops.quote_name(schema)} CASCADE")


def _run(tool: str, *arguments: str, stdin: str | None = None) -> str:
    """Run a PostgreSQL client program against the configured database; its output, or RuntimeError."""
    database = settings.DATABASES["default"]
    # A Unix socket's directory may come as an option (`?host=/run/postgresql`), not as HOST.
    options = database.get("OPTIONS") or {}
    environment = {
        **os.environ,
        "PGHOST": str(database.get("HOST") or options.get("host") or ""),
        "PGPORT": str(database.get("PORT") or options.get("port") or ""),
        "PGUSER": str(database.get("USER") or ""),
        "PGPASSWORD": str(database.get("PASSWORD") or ""),
        "PGDATABASE": str(database["NAME"]),
    }
    command = [_program(tool), *arguments]
    # pg_restore loads into the database unless it only lists the file or writes it out as SQL.
    if tool == "pg_restore" and not {"--list", "--file=-"} & set(arguments):
        command.append(f"--dbname={database['NAME']}")
    # The program is PostgreSQL's own, found by _program; the arguments are this module's and a path.
    completed = subprocess.run(  # noqa: S603
        command, input=stdin, capture_output=True, text=True, env=environment, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{tool} failed: {completed.stderr.strip()[-1000:]}")
    return completed.stdout


def _program(tool: str) -> str:
    """The client program no older than the server: the embedded PostgreSQL's own, else the system's."""
    server = connection.pg_version // 10000
    candidates = []
    embedded = importlib.util.find_spec("pgserver")
    if embedded is not None and embedded.origin:
        candidates.append(Path(embedded.origin).parent / "pginstall" / "bin" / tool)
    found = shutil.which(tool)
    if found:
        candidates.append(Path(found))
    for candidate in candidates:
        if candidate.exists() and _major_version(candidate) >= server:
            return str(candidate)
    raise RuntimeError(f"No {tool} of PostgreSQL {server} or newer is installed.")


def _major_version(program: Path) -> int:
    output = subprocess.run([str(program), "--version"], capture_output=True, text=True, check=False)  # noqa: S603
    found = re.search(r"(\d+)(?:\.\d+)?", output.stdout)
    return int(found.group(1)) if found else 0
