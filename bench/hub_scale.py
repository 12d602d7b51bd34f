"""Benchmark 18: the hub's full collection from 22 countries against 200, both measured, in one run.

Benchmark 12 times collection from the bench database's 22 countries; 200 are too many to keep there
(every other benchmark that visits all countries would slow down), but the release train's database
(bench/upgrade_data.py) has them. Each of its "Bench up xx" countries publishes bench/hub_data.py's
seeded synthetic set (721 to 1,030 values; made on the first run, then kept, as are the hub's facts of
them), and the hub of that database collects from them as benchmark 12 does (`facts_collect(full=True)`
in each country's schema in turn): the first SAMPLE countries against all of them, in rounds taking
turns going first. Both runs are full collections of a hub that is up to date, as benchmark 12's timed
ones are: every public table of the country and every one the hub holds for it is read and compared
value by value, and nothing is written. Growth is linear when a country costs the same at 200 as at 22.

`run()` starts `python -m bench.hub_scale ROUNDS` on the upgrade database (Django set up there
with bench/settings_upgrade.py), which prints one line of JSON.
"""

import json
import logging
import subprocess
import sys
import time
from dataclasses import dataclass

from bench.timing import Series, paired_ratio

# As many countries as benchmark 12 collects from.
SAMPLE = 22


@dataclass(frozen=True)
class HubScaleResult:
    database: str
    countries: int
    sample: int
    published: int  # public values of catalogue indicators in all the countries: the facts the hub holds
    sample_published: int
    tables: int  # (indicator, period) tables of them
    sample_tables: int
    made: int  # countries given their synthetic values in this run
    making: float  # seconds that took
    first_written: int  # facts the first full collection wrote (all of them the first time)
    first_seconds: float
    sample_full: Series  # seconds for a full collection from the first SAMPLE countries
    all_full: Series  # ... from all of them

    @property
    def per_country_ratio(self) -> float:
        """A country's share of a full collection from all, over its share of one from the sample (per
        round): 1.0 is linear growth."""
        return paired_ratio(
            Series(tuple(seconds / self.countries for seconds in self.all_full.samples)),
            Series(tuple(seconds / self.sample for seconds in self.sample_full.samples)),
        )

    @property
    def per_table_ratio(self) -> float:
        """The same per table read, which allows for the countries' sets differing in size."""
        return paired_ratio(
            Series(tuple(seconds / self.tables for seconds in self.all_full.samples)),
            Series(tuple(seconds / self.sample_tables for seconds in self.sample_full.samples)),
        )


def run(*, database_url: str, rounds: int) -> HubScaleResult:
    """The countries' synthetic values where missing, then `rounds` rounds of both full collections.

    The countries are those bench/upgrade.py made (run it first), all of them, as benchmark 15 migrates.
    """
    from bench.upgrade import upgrade_environment

    env, name = upgrade_environment(database_url)
    completed = subprocess.run(
        [sys.executable, "-m", "bench.hub_scale", str(rounds)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        check=True,
    )
    found = json.loads(completed.stdout.strip().splitlines()[-1])
    return HubScaleResult(
        database=name,
        sample_full=Series(tuple(found.pop("sample_full"))),
        all_full=Series(tuple(found.pop("all_full"))),
        **found,
    )


def sample_size(countries: int) -> int:
    """SAMPLE countries, or a quarter of fewer (the quick plan's 20), so the two sizes still differ."""
    return SAMPLE if countries >= 2 * SAMPLE else max(1, countries // 4)


def main(argv: list[str]) -> int:
    # This module is imported before Django is set up here: it imports nothing of Django at the top.
    import django

    django.setup()
    logging.getLogger("tenants").setLevel(logging.WARNING)
    print(json.dumps(_measure(int(argv[0]))))
    return 0


def _measure(rounds: int) -> dict:
    from django.utils import timezone
    from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

    from bench.hub import collect_all, facts_match, written_none
    from bench.hub_data import (
        PUBLISHED_BEFORE,
        SEED,
        SYNTHETIC_SOURCE,
        hub_country_describe,
        synthetic_ensure,
    )
    from bench.upgrade_data import NAME_PREFIX
    from tenants.models import Country

    with schema_context(get_public_schema_name()):
        countries = list(Country.objects.filter(name__startswith=NAME_PREFIX).order_by("schema_name"))
    sample = sample_size(len(countries))
    now = timezone.now()
    made, started = 0, time.perf_counter()
    for number, country in enumerate(countries, start=1):
        with tenant_context(country):
            published_at = now - PUBLISHED_BEFORE
            made += bool(
                synthetic_ensure(country, source=SYNTHETIC_SOURCE, seed=SEED, published_at=published_at)
            )
        if made and number % 20 == 0:
            print(f"bench.hub_scale: values of {number} of {len(countries)} countries", file=sys.stderr)
    making = time.perf_counter() - started if made else 0.0
    described = [hub_country_describe(country, now) for country in countries]
    for one in described:
        if not one.published:
            raise RuntimeError(f"{one.code} publishes nothing: its values are not {SYNTHETIC_SOURCE!r}")
    first = collect_all(countries, full=True)
    written_none(collect_all(countries, full=True).collected, "a second full collection (not idempotent)")
    facts = facts_match(countries, described)
    runs: dict[str, list[float]] = {"sample": [], "all": []}
    for round_no in range(rounds):
        order = ["sample", "all"] if round_no % 2 == 0 else ["all", "sample"]
        for side in order:
            timed = collect_all(countries[:sample] if side == "sample" else countries, full=True)
            written_none(timed.collected, f"a timed full collection from {side}")
            runs[side].append(timed.seconds)
    return {
        "countries": len(countries),
        "sample": sample,
        "published": facts,
        "sample_published": sum(one.published for one in described[:sample]),
        "tables": sum(one.tables for one in described),
        "sample_tables": sum(one.tables for one in described[:sample]),
        "made": made,
        "making": making,
        "first_written": sum(collected.written for collected in first.collected),
        "first_seconds": first.seconds,
        "sample_full": runs["sample"],
        "all_full": runs["all"],
    }


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
