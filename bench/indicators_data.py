"""A country with a million records for the indicators benchmark, in kn, created once and kept:
clmis.synthetic.records' sample at scale 1 over its five years, of the bench employers
(bench/employers_data.py), marked by their references (BENCH-CMP-0000001, BENCH-ACC-..., see KINDS).
Kept between runs (all or nothing by count); with --fresh-indicators removed and made again."""

from bench.employers_data import PREFIX
from clmis.synthetic import records
from clmis.synthetic.records import BATCH, RECORDS, WORKPLACES, YEARS, IndicatorData, kinds
from clmis.synthetic.tables import Sample
from tenants.models import Country

__all__ = ["BATCH", "RECORDS", "WORKPLACES", "IndicatorData"]

SEED = 20261
SAMPLE = Sample(prefix=PREFIX, seed=SEED)
# The five years of records; the benchmark computes the last full one of them.
BENCH_YEARS = YEARS
KINDS = tuple(kinds(SAMPLE))


def records_ensure(country: Country, *, fresh: bool = False) -> IndicatorData:
    return records.records_ensure(country, SAMPLE, fresh=fresh)


def records_remove() -> int:
    return records.records_remove(SAMPLE)
