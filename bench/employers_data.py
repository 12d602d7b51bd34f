"""The 100,000 employers the register benchmarks list and export, in kn, created once and kept between
runs: clmis.synthetic.employers' sample at scale 1, marked by their registration number (BENCH-000001...)
and, with --fresh-employers, removed and made again."""

from urllib.parse import urlencode

from clmis.synthetic import employers
from clmis.synthetic.employers import SIZE_BANDS, EmployerData
from clmis.synthetic.tables import Sample
from modules.employers.models import SizeBand
from tenants.models import Country

PREFIX = "BENCH-"
SEED = 20_261_122
SAMPLE = Sample(prefix=PREFIX, seed=SEED)
TARGET = sum(SIZE_BANDS.values())
# The export benchmark selects "1-9" for ~50k rows and "250+" for ~5k, ten times fewer, so the two
# sizes differ by the same filter alone.
EXPORT_LARGE = urlencode({"size_band": SizeBand.MICRO.value})
EXPORT_SMALL = urlencode({"size_band": SizeBand.LARGE.value})


def employers_ensure(country: Country, *, fresh: bool = False) -> EmployerData:
    return employers.employers_ensure(country, SAMPLE, fresh=fresh)


def employers_remove() -> int:
    return employers.employers_remove(SAMPLE)
