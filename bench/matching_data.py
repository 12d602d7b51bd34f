"""The 100,000 job seekers and 20,000 vacancies the matching benchmark ranks, in kn, created once and
kept: clmis.synthetic.matching's sample at scale 1, of the bench employers (bench/employers_data.py),
marked by their reference (BENCH-JS-000001..., BENCH-VAC-00001...) and, with --fresh-matching, removed
and made again."""

from bench.employers_data import PREFIX
from clmis.synthetic import matching
from clmis.synthetic.matching import (
    BATCH,
    COMMON_ISCO,
    JOB_SEEKERS,
    PREFERRING_SHARE,
    RELOCATING_SHARE,
    VACANCIES,
    MatchingData,
    job_seeker_prefix,
    vacancy_prefix,
)
from clmis.synthetic.tables import Sample
from tenants.models import Country

__all__ = ["BATCH", "COMMON_ISCO", "JOB_SEEKERS", "PREFERRING_SHARE", "RELOCATING_SHARE", "VACANCIES"]

SEED = 20_261_204
SAMPLE = Sample(prefix=PREFIX, seed=SEED)
JOB_SEEKER_PREFIX = job_seeker_prefix(SAMPLE)
VACANCY_PREFIX = vacancy_prefix(SAMPLE)


def matching_ensure(country: Country, *, fresh: bool = False) -> MatchingData:
    return matching.matching_ensure(country, SAMPLE, fresh=fresh)


def matching_remove() -> int:
    return matching.matching_remove(SAMPLE)
