"""The 22 countries the hub benchmarks collect from, each with published values, kept between runs.

The fourteen countries of the demo region (clmis.demo: kn, lc, sr and the eleven of the regional demo)
publish their statistics offices' real survey figures, loaded by the demo itself (figures_load with
each country's own ISO alpha-3 code: 42 to 1,015 values each, all of the 14 series there are). Eight
more countries (HUB_CODES: territories of the wider Caribbean that the demo does not use) are made here
as any country is (country_provision, a clone of the template) and kept between runs, named
"Bench hub xx"; none of the real series is theirs, so each publishes a synthetic set instead:
labour-force survey rates with their numerators and denominators (unemployment, participation and
employment by sex and age, the way the real series break down), and counts and a rate of the
Department of Labour (vacancies by occupation, placements by sex and occupation, non-fatal injuries and
their rate per 100,000 employed by sex and migrant status), for seven to ten years up to 2025: 721 to
1,030 values each, drawn from a seeded generator, so the same every time.

Collection takes what a country publishes, so every value here is approved and public; and, so that
"nothing changed" is what an incremental collection finds, none was published or approved within the
last hour (collection's overlap is ten minutes): values a run finds published more recently (the demo's,
on the first run after it loaded them) are given an hour-old publication, in the bench database only.
"""

import random
import time
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Least
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context
from simple_history.utils import bulk_create_with_history

from clmis.demo import DEMO_COUNTRIES, DEMO_REGION_COUNTRIES
from modules.indicators.models import Indicator, Observation, breakdown_key
from modules.indicators.selectors import observations_public
from regional_hub.catalogue.models import HarmonisedIndicator
from regional_hub.facts.models import Fact
from tenants.models import Country
from tenants.services import country_provision

DEMO_CODES = tuple(spec["code"] for spec in (*DEMO_COUNTRIES, *DEMO_REGION_COUNTRIES))
# Anguilla, Aruba, Bermuda, Curaçao, the Cayman Islands, Montserrat, the Turks and Caicos Islands, the
# British Virgin Islands: valid ISO 3166 codes neither the demo nor the throwaway countries use.
HUB_CODES = ("ai", "aw", "bm", "cw", "ky", "ms", "tc", "vg")
HUB_NAME_PREFIX = "Bench hub "
SYNTHETIC_SOURCE = "bench: synthetic"
SEED = 20_261_204
LAST_YEAR = 2025
# Published this long ago at the latest, so an incremental collection (overlap: ten minutes) finds none.
PUBLISHED_BEFORE = timedelta(hours=1)
FOUR_PLACES = Decimal("0.0001")

# The age bands of the survey rates, as figures.py codes them; the shares of the population aged 15+.
AGE_15_PLUS = "AGE_YTHADULT_YGE15"
AGE_BANDS = {
    "AGE_YTHADULT_Y15-24": 0.17,
    "AGE_AGGREGATE_Y25-54": 0.55,
    "AGE_AGGREGATE_Y55-64": 0.14,
    "AGE_AGGREGATE_YGE65": 0.14,
}
# Participation and unemployment by band, for men and women (a small island economy's shape).
PARTICIPATION = {
    "SEX_M": (0.50, 0.90, 0.72, 0.20),
    "SEX_F": (0.42, 0.78, 0.58, 0.12),
}
UNEMPLOYMENT = (0.22, 0.07, 0.05, 0.03)
WOMEN_UNEMPLOYMENT = 1.15
# The pandemic years' unemployment, against an ordinary year's.
YEAR_SHOCK = {2020: 1.6, 2021: 1.35, 2022: 1.1}
OCCUPATIONS = tuple(f"OCU_ISCO08_{group}" for group in range(1, 10))
OCCUPATION_WEIGHTS = (2, 5, 7, 6, 22, 4, 12, 8, 34)  # service, sales and elementary work most
SEXES = ("SEX_F", "SEX_M")
MIGRANT_STATUSES = ("MIG_STATUS_NONMIG", "MIG_STATUS_MIGRANT")
SYNTHETIC_INDICATORS = (
    "UNE_DEAP_SEX_AGE_RT",
    "EAP_DWAP_SEX_AGE_RT",
    "EMP_DWAP_SEX_AGE_RT",
    "LMS_VACR_OCU_NB",
    "LMS_PLAC_SEX_OCU_NB",
    "INJ_NFTL_SEX_MIG_NB",
    "INJ_NFTL_SEX_MIG_RT",
)


@dataclass(frozen=True)
class HubCountry:
    """One country collected from, and what it publishes of the catalogue's indicators."""

    code: str
    iso3: str
    name: str
    synthetic: bool  # its values are the bench's synthetic set, not real figures
    published: int  # public values of catalogue indicators: the facts the hub should hold
    tables: int  # (indicator, period) tables of them


@dataclass(frozen=True)
class HubData:
    countries: tuple[HubCountry, ...]
    provisioned: int  # countries created in this run
    provision_seconds: float
    values_added: int  # synthetic values created in this run
    values_seconds: float
    moved: int  # values whose publication was moved an hour back in this run

    @property
    def published(self) -> int:
        return sum(country.published for country in self.countries)

    def of(self, synthetic: bool) -> list[HubCountry]:
        return [country for country in self.countries if country.synthetic == synthetic]


def hub_countries() -> list[Country]:
    """The 22 countries, demo ones first, in a fixed order."""
    codes = (*DEMO_CODES, *HUB_CODES)
    with schema_context(get_public_schema_name()):
        found = {country.schema_name: country for country in Country.objects.filter(schema_name__in=codes)}
    missing = [code for code in codes if code not in found]
    if missing:
        raise RuntimeError(f"countries missing (the demo data did not load?): {missing}")
    return [found[code] for code in codes]


def hub_ensure() -> HubData:
    """Make the bench's eight countries and their values where missing; then describe all 22."""
    started = time.perf_counter()
    provisioned = sum(
        country_provision(code=code, name=f"{HUB_NAME_PREFIX}{code}", exist_ok=True)[1] for code in HUB_CODES
    )
    provision_seconds = time.perf_counter() - started
    countries = hub_countries()
    now = timezone.now()
    published_at = now - PUBLISHED_BEFORE
    added, values_seconds = 0, 0.0
    for country in countries:
        if country.schema_name in HUB_CODES:
            with tenant_context(country):
                started = time.perf_counter()
                made = synthetic_ensure(country, published_at)
                if made:
                    added += made
                    values_seconds += time.perf_counter() - started
    moved = 0
    for country in countries:
        with tenant_context(country):
            moved += publications_age(now)
    described = tuple(hub_country_describe(country, now) for country in countries)
    return HubData(described, provisioned, provision_seconds, added, values_seconds, moved)


def synthetic_ensure(country: Country, published_at) -> int:
    """The country's synthetic values, all or nothing: made when they are not all there (returns how
    many were made)."""
    wanted = synthetic_values(country.schema_name)
    present = Observation.objects.filter(submitted_by=SYNTHETIC_SOURCE)
    if present.count() == len(wanted):
        return 0
    indicators = {
        indicator.code: indicator
        for indicator in Indicator.objects.filter(code__in=SYNTHETIC_INDICATORS, harmonised=True, active=True)
    }
    if len(indicators) != len(SYNTHETIC_INDICATORS):
        raise RuntimeError(f"{country.code} lacks {sorted(set(SYNTHETIC_INDICATORS) - set(indicators))}")
    with transaction.atomic():
        present.delete()
        Observation.history.filter(submitted_by=SYNTHETIC_SOURCE).delete()  # with the deletions' rows
        # The hub's facts of the values replaced go with them, as the country's full collection would
        # withdraw them; the next full collection writes the new ones.
        with schema_context(get_public_schema_name()):
            Fact.objects.filter(country=country).delete()
        observations = [
            Observation(
                indicator=indicators[code],
                period=period,
                key=breakdown_key(dimensions),
                dimensions=dimensions,
                value=value,
                numerator=numerator,
                denominator=denominator,
                flag=flag,
                origin=Observation.Origin.SUBMITTED,
                state=Observation.State.APPROVED,
                submitted_by=SYNTHETIC_SOURCE,
                decided_by="system",
                decided_at=published_at,
                publish_at=published_at,
            )
            for code, period, dimensions, value, numerator, denominator, flag in wanted
        ]
        history = {"default_date": published_at, "custom_historical_attrs": {"actor": "system"}}
        bulk_create_with_history(observations, Observation, batch_size=1_000, **history)
    return len(observations)


def synthetic_values(code: str) -> list[tuple]:
    """(indicator, period, breakdown, value, numerator, denominator, flag) of a country's synthetic set:
    the survey rates built up from counts of people (so each rate is its numerator over its
    denominator), the counts split over their breakdowns (so the parts add up to the totals)."""
    draw = random.Random(f"{SEED}-{code}")
    working_age = draw.randint(4_000, 130_000)  # population aged 15+, from Montserrat's to Curaçao's
    participation_shift = draw.uniform(-0.05, 0.05)
    unemployment_level = draw.uniform(0.6, 1.6)
    migrant_share = draw.uniform(0.05, 0.35)
    first_year = draw.randint(LAST_YEAR - 9, LAST_YEAR - 6)
    values = []
    for year in range(first_year, LAST_YEAR + 1):
        period = str(year)
        flag = "P" if year == LAST_YEAR else ""  # the latest year provisional, as offices publish it
        growth = 1 + 0.008 * (year - first_year)
        shock = YEAR_SHOCK.get(year, 1.0) * draw.uniform(0.95, 1.05)
        people = _people(draw, working_age * growth, participation_shift, unemployment_level * shock)
        values += _survey_rates(period, people, flag)
        employed = {sex: sum(p[2] for (s, _band), p in people.items() if s == sex) for sex in SEXES}
        values += _department_counts(draw, period, employed, migrant_share, growth, shock)
    return values


def _people(draw: random.Random, working_age: float, shift: float, unemployment: float) -> dict:
    """(sex, band) -> (population, labour force, unemployed, employed)."""
    people = {}
    for sex in SEXES:
        share = 0.51 if sex == "SEX_F" else 0.49
        for index, (band, band_share) in enumerate(AGE_BANDS.items()):
            population = round(working_age * share * band_share)
            rate = min(0.97, max(0.02, PARTICIPATION[sex][index] + shift + draw.uniform(-0.01, 0.01)))
            labour_force = round(population * rate)
            jobless = UNEMPLOYMENT[index] * unemployment * (WOMEN_UNEMPLOYMENT if sex == "SEX_F" else 1)
            unemployed = round(labour_force * min(0.6, jobless * draw.uniform(0.92, 1.08)))
            people[(sex, band)] = (population, labour_force, unemployed, labour_force - unemployed)
    return people


def _survey_rates(period: str, people: dict, flag: str) -> list[tuple]:
    """Unemployment (of the labour force), participation and employment (of the population) for each
    sex and both, for each band and 15+: 45 values a year."""
    values = []
    for sex in (None, *SEXES):
        for band in (AGE_15_PLUS, *AGE_BANDS):
            cells = [
                p for (s, b), p in people.items() if (sex is None or s == sex) and band in (AGE_15_PLUS, b)
            ]
            population, labour_force, unemployed, employed = (sum(c[i] for c in cells) for i in range(4))
            dimensions = {"AGE": band} | ({"SEX": sex} if sex else {})
            for code, numerator, denominator in (
                ("UNE_DEAP_SEX_AGE_RT", unemployed, labour_force),
                ("EAP_DWAP_SEX_AGE_RT", labour_force, population),
                ("EMP_DWAP_SEX_AGE_RT", employed, population),
            ):
                values.append((code, period, dimensions, *_rate(numerator, denominator, 100), flag))
    return values


def _department_counts(
    draw: random.Random, period: str, employed: dict, migrant_share: float, growth: float, shock: float
) -> list[tuple]:
    """Vacancies by occupation (10 values), placements by sex and occupation (30), non-fatal injuries by
    sex and migrant status (9) and their rate per 100,000 employed (9): 58 values a year."""
    values = []
    workers = sum(employed.values())
    vacancies = _split(draw, round(workers * 0.03 * growth / shock), OCCUPATION_WEIGHTS)
    values.append(("LMS_VACR_OCU_NB", period, {}, _count(sum(vacancies)), None, None, ""))
    for occupation, count in zip(OCCUPATIONS, vacancies, strict=True):
        values.append(("LMS_VACR_OCU_NB", period, {"OCU": occupation}, _count(count), None, None, ""))
    placed = {
        sex: _split(draw, round(sum(vacancies) * draw.uniform(0.15, 0.25)), OCCUPATION_WEIGHTS)
        for sex in SEXES
    }
    for sex in (None, *SEXES):
        for index in (None, *range(len(OCCUPATIONS))):
            count = sum(
                counts[index] if index is not None else sum(counts)
                for s, counts in placed.items()
                if sex is None or s == sex
            )
            dimensions = ({"SEX": sex} if sex else {}) | (
                {"OCU": OCCUPATIONS[index]} if index is not None else {}
            )
            values.append(("LMS_PLAC_SEX_OCU_NB", period, dimensions, _count(count), None, None, ""))
    injured, exposed = {}, {}
    for sex in SEXES:
        migrants = round(employed[sex] * migrant_share)
        exposed[(sex, "MIG_STATUS_MIGRANT")] = migrants
        exposed[(sex, "MIG_STATUS_NONMIG")] = employed[sex] - migrants
        per_worker = 0.005 if sex == "SEX_M" else 0.0025
        for status in MIGRANT_STATUSES:
            risk = per_worker * (1.3 if status == "MIG_STATUS_MIGRANT" else 1.0) * draw.uniform(0.85, 1.15)
            injured[(sex, status)] = round(exposed[(sex, status)] * risk)
    for sex in (None, *SEXES):
        for status in (None, *MIGRANT_STATUSES):
            cells = [
                key
                for key in injured
                if (sex is None or key[0] == sex) and (status is None or key[1] == status)
            ]
            count, workers_in = sum(injured[k] for k in cells), sum(exposed[k] for k in cells)
            dimensions = ({"SEX": sex} if sex else {}) | ({"MIG": status} if status else {})
            values.append(("INJ_NFTL_SEX_MIG_NB", period, dimensions, _count(count), None, None, ""))
            values.append(("INJ_NFTL_SEX_MIG_RT", period, dimensions, *_rate(count, workers_in, 100_000), ""))
    return values


def _split(draw: random.Random, total: int, weights: tuple[int, ...]) -> list[int]:
    """`total` spread over the weights with some noise, the parts adding up to it exactly."""
    noisy = [weight * draw.uniform(0.8, 1.2) for weight in weights]
    parts = [int(total * weight / sum(noisy)) for weight in noisy]
    parts[-1] += total - sum(parts)
    return parts


def _rate(numerator: int, denominator: int, per: int) -> tuple[Decimal, Decimal, Decimal]:
    value = (Decimal(numerator) / Decimal(denominator) * per).quantize(FOUR_PLACES)
    return value, Decimal(numerator), Decimal(denominator)


def _count(count: int) -> Decimal:
    return Decimal(count)


def publications_age(now) -> int:
    """Give the country's public values published or approved within the last hour an hour-old
    publication (returns how many): the demo's, the first time after it loaded them."""
    cutoff = now - PUBLISHED_BEFORE
    recent = Observation.objects.filter(
        Q(publish_at__gt=cutoff) | Q(decided_at__gt=cutoff),
        state=Observation.State.APPROVED,
        publish_at__lte=now,
    )
    return recent.update(
        publish_at=Least("publish_at", Value(cutoff)), decided_at=Least("decided_at", Value(cutoff))
    )


def hub_country_describe(country: Country, now) -> HubCountry:
    """What the country publishes of the catalogue's indicators: the facts the hub should hold of it."""
    with tenant_context(country):
        catalogue = list(HarmonisedIndicator.objects.values_list("code", flat=True))
        public = observations_public(now).filter(
            indicator__harmonised=True, indicator__active=True, indicator__code__in=catalogue
        )
        published = public.count()
        tables = public.values("indicator_id", "period").distinct().count()
    return HubCountry(
        country.schema_name,
        country.iso3,
        country.name,
        country.schema_name in HUB_CODES,
        published,
        tables,
    )
