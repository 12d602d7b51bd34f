"""The upgrade benchmarks' countries: `python -m bench.upgrade_data COUNT`, run by bench/upgrade.py in
the upgrade database with bench/settings_upgrade.py.

Migrates the database, then provisions countries named "Bench up xx" (valid ISO 3166 codes in order)
until COUNT exist, each by `country_provision` as a real one is made, and prints one line of JSON: how
many exist, how many were made now and how long that took. They are kept between runs.

This PostgreSQL runs without autovacuum, and every clone adds some thousand rows to the system
catalogs: with statistics from when the catalogs were small, the clone's own catalog queries slow down
from seconds to over a minute each past 150 countries. The catalogs are analysed every few clones, as
autovacuum would.
"""

import json
import sys
import time

import django

NAME_PREFIX = "Bench up "
ANALYSE_EVERY = 10
CATALOGS = ("pg_class", "pg_attribute", "pg_depend", "pg_type", "pg_constraint", "pg_index", "pg_attrdef")


def main(argv: list[str]) -> int:
    django.setup()
    from django.core.management import call_command

    count = int(argv[0])
    call_command("migrate_schemas", interactive=False, verbosity=0)
    made, seconds = countries_ensure(count)
    print(json.dumps({"countries": count, "made": made, "seconds": seconds}))
    return 0


def countries_ensure(count: int) -> tuple[int, float]:
    """Provision "Bench up xx" countries until `count` exist; returns how many were made and the time."""
    from django_tenants.utils import get_public_schema_name, schema_context

    from modules.reference import iso3166
    from tenants.models import Country
    from tenants.services import country_provision

    with schema_context(get_public_schema_name()):
        taken = set(
            Country.objects.exclude(name__startswith=NAME_PREFIX).values_list("schema_name", flat=True)
        )
        existing = set(
            Country.objects.filter(name__startswith=NAME_PREFIX).values_list("schema_name", flat=True)
        )
    codes = [code for code in sorted(c.alpha2.lower() for c in iso3166.all_countries()) if code not in taken]
    wanted = codes[:count]
    if len(wanted) < count:
        raise SystemExit(f"only {len(wanted)} ISO 3166 codes are free for bench countries")
    missing = [code for code in wanted if code not in existing]
    started = time.monotonic()
    for number, code in enumerate(missing, start=1):
        country_provision(code=code, name=f"{NAME_PREFIX}{code}", exist_ok=True)
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
