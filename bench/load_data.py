"""The load test's countries and its plan (who signs in where, with which token, which figures the
public reads): `python -m bench.load_data COUNT PLAN`, run by bench/run.py in the load database.

The load database is the bench database's name with `_load`, so the other benchmarks' countries and
data neither slow the load down nor change under it. It holds the demo (the hub, kn, lc and sr with
their users and case work, the region's other eleven countries with their published figures) and
copies of kn ("Bench load xx") until COUNT countries have officers and case work. A copy is kn's
schema by `pg_dump` renamed into `psql` (bench/upgrade_data.py explains why not django-tenants'
clone), then `country_provision`'s own steps; its API tokens and sessions are dropped (each country
gets its own). Kept between runs.
"""

import json
import logging
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import django

NAME_PREFIX = "Bench load "
SOURCE = "kn"
# The demo's countries with case work and users: the load's first countries.
DEMO_CASE_WORK = ("kn", "lc", "sr")
OFFICERS = ("officer", "supervisor")
# A published harmonised series every demo country reports and the hub collects.
HUB_INDICATOR = "UNE_DEAP_SEX_AGE_RT"


def main(argv: list[str]) -> int:
    django.setup()
    from django.core.management import call_command

    from clmis.demo import DEMO_PASSWORD, demo_load

    logging.getLogger("tenants").setLevel(logging.WARNING)
    count, plan_path = int(argv[0]), Path(argv[1])
    call_command("migrate_schemas", interactive=False, verbosity=0)
    demo_load(report=lambda _message: None)
    countries = countries_ensure(count)
    plan = plan_for(countries, password=DEMO_PASSWORD)
    plan_path.write_text(json.dumps(plan), encoding="utf-8")
    print(json.dumps({"countries": [country["code"] for country in plan["countries"]]}))
    return 0


class SourceCopy:
    """Stands in for django-tenants' CloneSchema in `country_provision` (this process only): a copy of
    kn, data and all, instead of the empty template."""

    def clone_schema(self, base_schema_name: str, new_schema_name: str, set_connection: bool = True) -> None:
        from tenants.backups import schema_renamed  # Django is set up by then

        subprocess.run(
            ["psql", "--quiet", "--no-psqlrc", "--set", "ON_ERROR_STOP=1", "--single-transaction", _url()],
            input=schema_renamed(_source_dump(), SOURCE, new_schema_name),
            text=True,
            stdout=subprocess.DEVNULL,
            check=True,
        )


@cache
def _source_dump() -> str:
    return subprocess.run(
        ["pg_dump", "--schema", SOURCE, "--no-owner", "--no-privileges", _url()],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def countries_ensure(count: int) -> list:
    """kn, lc, sr and copies of kn until `count` countries have case work (kept between runs)."""
    from django.contrib.sessions.models import Session
    from django_tenants.utils import get_public_schema_name, schema_context, tenant_context
    from rest_framework.authtoken.models import Token

    from modules.reference import iso3166
    from tenants import services
    from tenants.models import Country

    with schema_context(get_public_schema_name()):
        taken = set(Country.objects.values_list("schema_name", flat=True))
        made = list(
            Country.objects.filter(name__startswith=NAME_PREFIX).order_by("schema_name")[
                : max(0, count - len(DEMO_CASE_WORK))
            ]
        )
    free = [code for code in sorted(c.alpha2.lower() for c in iso3166.all_countries()) if code not in taken]
    services.CloneSchema = SourceCopy
    for code in free[: max(0, count - len(DEMO_CASE_WORK) - len(made))]:
        country, _created = services.country_provision(code=code, name=f"{NAME_PREFIX}{code}")
        with tenant_context(country):
            Token.objects.all().delete()
            Session.objects.all().delete()
        made.append(country)
        print(f"bench.load_data: {code} made as a copy of {SOURCE}", file=sys.stderr, flush=True)
    with schema_context(get_public_schema_name()):
        demo = list(Country.objects.filter(schema_name__in=DEMO_CASE_WORK).order_by("schema_name"))
    return [*demo, *made][:count]


def plan_for(countries: list, *, password: str, officers: tuple[str, ...] = OFFICERS) -> dict:
    """What bench/locustfile.py needs: per country its host, who signs in, an API token of `officer`
    and an indicator it publishes; the hub's host and an indicator of its open data."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django_tenants.utils import tenant_context
    from rest_framework.authtoken.models import Token

    from modules.indicators.public import indicators_published

    plan = {
        "password": password,
        "hub": settings.BASE_DOMAIN,
        "hub_indicator": HUB_INDICATOR,
        "countries": [],
    }
    for country in countries:
        with tenant_context(country):
            token, _created = Token.objects.get_or_create(
                user=get_user_model().objects.get(username="officer")
            )
            indicator = indicators_published().order_by("code").values_list("code", flat=True).first()
        if indicator is None:
            raise RuntimeError(f"{country.schema_name} publishes no indicator for the public to read")
        plan["countries"].append(
            {
                "code": country.schema_name,
                "host": country.host(),
                "officers": list(officers),
                "token": token.key,
                "indicator": indicator,
            }
        )
    return plan


def _url() -> str:
    return os.environ["DATABASE_URL"]


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
