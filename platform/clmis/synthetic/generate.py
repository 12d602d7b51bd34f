"""Demo data at scale (`clmis demo generate`): the demo countries, and more up to the number asked for,
each filled with seeded synthetic records of every module, so the product can be shown and measured at
the size a real country has.

A country's records are the same for the same seed and scale (each data set drawn from a seed of its
own, derived from the seed asked for and the country's code), and a country is filled once: each data
set is made only when its rows are not all there (all or nothing, by count). The rows carry the prefix
SYN- (employers' registration numbers, cases' references), by which they are told from everything else
and removed (country_generated_remove).
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from clmis.demo import DEMO_COUNTRIES, demo_load
from clmis.synthetic import employers, matching, published, records, unions
from clmis.synthetic.tables import Sample
from modules.indicators.models import Observation
from modules.reference import iso3166
from modules.reference.models import Classification
from modules.reference.services import national_code_save
from regional_hub.facts.collection import facts_collect
from tenants.models import Country
from tenants.services import country_provision, country_reference_refresh, modules_enable_defaults

PREFIX = "SYN-"
# Who "submitted" the synthetic published values, by which they are recognised and replaced.
SOURCE = "clmis demo generate"
# Countries made for synthetic data are named "<the ISO 3166 name> (synthetic)".
NAME_SUFFIX = " (synthetic)"
# A country made here has no geography of its own: districts "XX-01".."XX-08" stand in for it.
DISTRICTS = 8


@dataclass(frozen=True)
class CountryGenerated:
    """One country's synthetic rows: how many there are, how many this run made and in what time."""

    code: str
    rows: int
    created: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.created / self.seconds if self.seconds else 0.0


def samples(code: str, *, scale: float, seed: int, prefix: str = PREFIX) -> dict[str, Sample]:
    """The country's data sets, each from a seed of its own: the same rows whatever else is made."""
    return {
        part: Sample(prefix=prefix, seed=f"{seed}-{code}-{part}", scale=scale)
        for part in ("employers", "unions", "records", "matching")
    }


def demo_generate(
    *, countries: int, scale: float, seed: int, report: Callable[[str], None] = print
) -> list[CountryGenerated]:
    """Load the demo if it is not there, then fill its countries and more, `countries` in all (the
    command checks the numbers: at least one country, a scale above 0 and at most MAX_SCALE)."""
    with schema_context(get_public_schema_name()):
        demo_codes = [spec["code"] for spec in DEMO_COUNTRIES]
        if Country.objects.filter(schema_name__in=demo_codes).count() < len(demo_codes):
            demo_load(report=report)
        chosen = countries_for_generation(countries, report=report)
    return [country_generate(country, scale=scale, seed=seed, report=report) for country in chosen]


def countries_for_generation(count: int, *, report: Callable[[str], None] = print) -> list[Country]:
    """The demo countries first, then countries made for synthetic data (the first ISO 3166 codes no
    other country has), made where missing: `count` in all, always the same ones."""
    demo_codes = [spec["code"] for spec in DEMO_COUNTRIES]
    demo = {country.schema_name: country for country in Country.objects.filter(schema_name__in=demo_codes)}
    chosen = [demo[code] for code in demo_codes][:count]
    others = Country.objects.exclude(name__endswith=NAME_SUFFIX).values_list("schema_name", flat=True)
    for code in iso3166.codes_free(others)[: count - len(chosen)]:
        name = f"{iso3166.by_alpha2(code).name}{NAME_SUFFIX}"
        name = name[: Country._meta.get_field("name").max_length]
        country, created = country_provision(code=code, name=name, exist_ok=True)
        if created:
            modules_enable_defaults(country=country, by=None)
            country_reference_refresh(country)
            report(f"created country {country.code} {country.name}")
        chosen.append(country)
    return chosen


def country_generate(
    country: Country, *, scale: float, seed: int, report: Callable[[str], None] = print
) -> CountryGenerated:
    """Fill one country with its synthetic rows where they are not all there; report what it took."""
    sets = samples(country.code, scale=scale, seed=seed)
    started = time.perf_counter()
    with tenant_context(country):
        _districts_ensure(country)
    register = employers.employers_ensure(country, sets["employers"])
    report(f"{country.code}: {register.sample_rows:,} employers{_took(register)}")
    union_rows, unions_made = unions.unions_ensure(country, sets["unions"])
    report(f"{country.code}: {union_rows:,} trade unions ({unions_made:,} new)")
    history = records.records_ensure(country, sets["records"])
    report(f"{country.code}: {history.records:,} case records and workplaces{_took(history)}")
    open_cases = matching.matching_ensure(country, sets["matching"])
    open_rows = open_cases.job_seekers + open_cases.vacancies
    report(f"{country.code}: {open_rows:,} open job seekers and vacancies{_took(open_cases)}")
    values, values_made = _published_ensure(country, seed)
    report(f"{country.code}: {values:,} published indicator values ({values_made:,} new)")
    seconds = time.perf_counter() - started
    created = register.created + unions_made + (history.records if history.created else 0) + values_made
    created += open_rows if open_cases.created else 0
    generated = CountryGenerated(
        country.code,
        register.sample_rows + union_rows + history.records + open_rows + values,
        created,
        seconds,
    )
    report(
        f"{country.code}: {generated.rows:,} synthetic rows, {generated.created:,} made in "
        f"{generated.seconds:.1f} s ({generated.per_second:,.0f} rows/s)"
    )
    return generated


def country_generated_remove(country: Country, *, prefix: str = PREFIX) -> int:
    """Remove every synthetic row of the country (and nothing else): what links to employers first."""
    sample = Sample(prefix=prefix, seed=0)
    with tenant_context(country), transaction.atomic():
        removed = matching.matching_remove(sample) + records.records_remove(sample)
        removed += employers.employers_remove(sample) + unions.unions_remove(sample)
        removed += Observation.objects.filter(submitted_by=SOURCE).delete()[0]
        Observation.history.filter(submitted_by=SOURCE).delete()
    return removed


def _took(made: employers.EmployerData | records.IndicatorData | matching.MatchingData) -> str:
    """Whether the rows were made now, and how long writing and analysing them took."""
    if not made.created:
        return " (kept)"
    return f" (new: {made.seconds:.1f} s to write, {made.analyse_seconds:.1f} s to analyse)"


def _districts_ensure(country: Country) -> None:
    """Districts for a country that has none (one made here): records are placed in a district."""
    table = Classification.objects.get(key="district")
    if not table.codes.filter(active=True).exists():
        for number in range(1, DISTRICTS + 1):
            code = f"{country.code.upper()}-{number:02d}"
            national_code_save(table=table, code=code, title=f"District {number:02d}", by=None)


def _published_ensure(country: Country, seed: int) -> tuple[int, int]:
    """Synthetic published values for a country that publishes none of its own (a demo country
    publishes its real figures), collected by the hub when new; returns (values, made now)."""
    with tenant_context(country):
        if Observation.objects.exclude(submitted_by=SOURCE).exists():
            return 0, 0
        made = published.synthetic_ensure(country, source=SOURCE, seed=seed, published_at=timezone.now())
        if made:
            facts_collect(full=True)
        return Observation.objects.filter(submitted_by=SOURCE).count(), made
