"""The upgrade benchmarks' countries: `python -m bench.upgrade_data COUNT`, run by bench/upgrade.py in
the upgrade database with bench/settings_upgrade.py.

Migrates the database, then provisions countries named "Bench up xx" (valid ISO 3166 codes in order)
until COUNT exist, each by `country_provision` as a real one is made, and prints one line of JSON: how
many exist, how many were made now and how long that took. They are kept between runs.

One thing differs from a real country: the copy of the template. django-tenants' clone_schema runs a
few thousand catalog queries per copy, and the catalog has no index by schema, so each reads all of
pg_class and pg_depend, which grow by some 1,150 rows a schema: here a clone took 4 s with 2 countries,
12 s with 50 and over a minute past 150, some hours for 200. Here the template is copied by `pg_dump` of
its schema, renamed, into `psql` (about a second, whatever the number of schemas); everything else is
`country_provision`'s own (the country's row, modules, roles, reference data). The copy is not atomic
with the row as a clone is, which a benchmark's fixtures can live with. The catalogs are also vacuumed
and analysed every few countries, as autovacuum (off on this server) would.
"""

import json
import logging
import os
import re
import subprocess
import sys
import time
from functools import cache

import django

NAME_PREFIX = "Bench up "
ANALYSE_EVERY = 10
CATALOGS = ("pg_class", "pg_attribute", "pg_depend", "pg_type", "pg_constraint", "pg_index", "pg_attrdef")


def main(argv: list[str]) -> int:
    django.setup()
    from django.core.management import call_command

    # Each country made is logged at INFO; the progress lines below are enough.
    logging.getLogger("tenants").setLevel(logging.WARNING)

    count = int(argv[0])
    call_command("migrate_schemas", interactive=False, verbosity=0)
    made, seconds = countries_ensure(count)
    print(json.dumps({"countries": count, "made": made, "seconds": seconds}))
    return 0


class TemplateCopy:
    """Stands in for django-tenants' CloneSchema in `country_provision` (in this process only)."""

    def clone_schema(self, base_schema_name: str, new_schema_name: str, set_connection: bool = True) -> None:
        # Quoted: a country code may be an SQL keyword ("do").
        quoted = f'"{new_schema_name}"'
        script = re.sub(rf"\b{re.escape(base_schema_name)}\b", quoted, _schema_dump(base_schema_name))
        subprocess.run(
            ["psql", "--quiet", "--no-psqlrc", "--set", "ON_ERROR_STOP=1", "--single-transaction", _url()],
            input=script,
            text=True,
            stdout=subprocess.DEVNULL,
            check=True,
        )


@cache
def _schema_dump(schema: str) -> str:
    return subprocess.run(
        ["pg_dump", "--schema", schema, "--no-owner", "--no-privileges", _url()],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _url() -> str:
    return os.environ["DATABASE_URL"]


def countries_ensure(count: int) -> tuple[int, float]:
    """Provision "Bench up xx" countries until `count` exist; returns how many were made and the time."""
    from django_tenants.utils import get_public_schema_name, schema_context

    from modules.reference import iso3166
    from tenants import services
    from tenants.models import Country

    with schema_context(get_public_schema_name()):
        taken = set(
            Country.objects.exclude(name__startswith=NAME_PREFIX).values_list("schema_name", flat=True)
        )
        existing = set(
            Country.objects.filter(name__startswith=NAME_PREFIX).values_list("schema_name", flat=True)
        )
    wanted = iso3166.codes_free(taken)[:count]
    if len(wanted) < count:
        raise SystemExit(f"only {len(wanted)} ISO 3166 codes are free for bench countries")
    missing = [code for code in wanted if code not in existing]
    services.CloneSchema = TemplateCopy
    started = time.monotonic()
    for number, code in enumerate(missing, start=1):
        services.country_provision(code=code, name=f"{NAME_PREFIX}{code}", exist_ok=True)
        if number % ANALYSE_EVERY == 0:
            catalogs_analyse()
            print(
                f"bench.upgrade_data: {number} of {len(missing)} countries made", file=sys.stderr, flush=True
            )
    return len(missing), time.monotonic() - started


def catalogs_analyse() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for catalog in CATALOGS:
            cursor.execute(f"VACUUM ANALYZE pg_catalog.{catalog}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
