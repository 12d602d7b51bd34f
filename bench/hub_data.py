"""The 22 countries the hub benchmarks collect from, each with published values, kept between runs.

The fourteen countries of the demo region (clmis.demo: kn, lc, sr and the eleven of the regional demo)
publish their statistics offices' real survey figures, loaded by the demo itself (figures_load with
each country's own ISO alpha-3 code: 42 to 1,015 values each, all of the 14 series there are). Eight
more countries (HUB_CODES: territories of the wider Caribbean that the demo does not use) are made here
as any country is (country_provision, a clone of the template) and kept between runs, named
"Bench hub xx"; none of the real series is theirs, so each publishes a synthetic set instead
(clmis.synthetic.published: survey rates and the Department of Labour's counts, for seven to ten years
up to 2025, 721 to 1,030 values each, drawn from a seeded generator, so the same every time).

Collection takes what a country publishes, so every value here is approved and public; and, so that
"nothing changed" is what an incremental collection finds, none was published or approved within the
last hour (collection's overlap is ten minutes): values a run finds published more recently (the demo's,
on the first run after it loaded them) are given an hour-old publication, in the bench database only.
"""

import time
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Q, Value
from django.db.models.functions import Least
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from clmis.demo import DEMO_COUNTRIES, DEMO_REGION_COUNTRIES
from clmis.synthetic.published import SYNTHETIC_INDICATORS, synthetic_ensure
from modules.indicators.models import Observation
from modules.indicators.selectors import observations_public
from regional_hub.catalogue.models import HarmonisedIndicator
from tenants.models import Country
from tenants.services import country_provision

__all__ = ["SYNTHETIC_INDICATORS"]

DEMO_CODES = tuple(spec["code"] for spec in (*DEMO_COUNTRIES, *DEMO_REGION_COUNTRIES))
# Anguilla, Aruba, Bermuda, Curaçao, the Cayman Islands, Montserrat, the Turks and Caicos Islands, the
# British Virgin Islands: valid ISO 3166 codes neither the demo nor the throwaway countries use.
HUB_CODES = ("ai", "aw", "bm", "cw", "ky", "ms", "tc", "vg")
HUB_NAME_PREFIX = "Bench hub "
SYNTHETIC_SOURCE = "bench: synthetic"
SEED = 20_261_204
# Published this long ago at the latest, so an incremental collection (overlap: ten minutes) finds none.
PUBLISHED_BEFORE = timedelta(hours=1)


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
                made = synthetic_ensure(
                    country, source=SYNTHETIC_SOURCE, seed=SEED, published_at=published_at
                )
                if made:
                    added += made
                    values_seconds += time.perf_counter() - started
    moved = 0
    for country in countries:
        with tenant_context(country):
            moved += publications_age(now)
    described = tuple(hub_country_describe(country, now) for country in countries)
    return HubData(described, provisioned, provision_seconds, added, values_seconds, moved)


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
