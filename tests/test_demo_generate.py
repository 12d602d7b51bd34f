"""Demo data at scale (`clmis demo generate`): every module gets its records, the same seed gives the
same rows, a second run adds nothing, and the records look like a labour department's.

Everything is made inside the test's transaction and rolled back with it, the country provisioned for
the run included, so kn, lc and sr are left as the rest of the suite expects them."""

import datetime
import hashlib
import random
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tenants.utils import tenant_context

from clmis.synthetic import employers, matching, records, unions
from clmis.synthetic.generate import (
    PREFIX,
    SOURCE,
    countries_for_generation,
    country_generate,
    country_generated_remove,
    samples,
)
from modules.casework.models import Case
from modules.disputes.models import Dispute
from modules.employers.models import Employer
from modules.indicators.models import Observation
from modules.job_seekers.models import JobSeeker
from modules.reference.models import Code
from modules.unions.models import TradeUnion
from modules.vacancies.models import Vacancy
from regional_hub.facts.models import Fact
from tenants.models import Country

SCALE = 0.0005
SEED = 7


def _generate(countries: int, seed: int = SEED) -> str:
    out = StringIO()
    call_command(
        "demo",
        "generate",
        "--countries",
        str(countries),
        "--scale",
        str(SCALE),
        "--seed",
        str(seed),
        stdout=out,
    )
    return out.getvalue()


def _fingerprint(country: Country) -> str:
    """The synthetic rows' references and the fields drawn for them (not their ids, which the database
    gives), as one hash."""
    with tenant_context(country):
        rows = [
            *Employer.objects.filter(registration_number__startswith=PREFIX)
            .order_by("registration_number")
            .values_list(
                "registration_number", "name", "isic__code", "size_band", "district__code", "active"
            ),
            *TradeUnion.objects.filter(registration_number__startswith=PREFIX)
            .order_by("registration_number")
            .values_list("registration_number", "name", "members_women", "members_men"),
            *Case.objects.filter(reference__startswith=PREFIX)
            .order_by("reference")
            .values_list("reference", "case_type", "status", "opened_on", "closed_on"),
            *JobSeeker.objects.filter(reference__startswith=PREFIX)
            .order_by("reference")
            .values_list("reference", "sex", "birth_date", "first_occupation__code", "occupation_codes"),
        ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def test_every_module_gets_its_records_in_a_labour_departments_mix(countries, db):
    out = _generate(1)

    sets = samples("kn", scale=SCALE, seed=SEED)
    with tenant_context(countries["kn"]):
        ours = Employer.objects.filter(registration_number__startswith=PREFIX)
        assert ours.count() == sum(employers.size_bands(sets["employers"]).values())
        for model, prefix, count in records.kinds(sets["records"]):
            assert (
                Case.objects.filter(case_type=model._meta.label_lower, reference__startswith=prefix).count()
                == count
            )
        assert TradeUnion.objects.filter(registration_number__startswith=PREFIX).count() == sets[
            "unions"
        ].count(unions.UNIONS)
        assert Dispute.objects.filter(reference__startswith=PREFIX, union__isnull=False).exists()
        sample = sets["matching"]
        open_seekers = JobSeeker.objects.filter(reference__startswith=matching.job_seeker_prefix(sample))
        assert open_seekers.filter(status="active").count() == sample.count(matching.JOB_SEEKERS)
        assert Vacancy.objects.filter(
            reference__startswith=matching.vacancy_prefix(sample), status="open"
        ).count() == sample.count(matching.VACANCIES)

        seekers = JobSeeker.objects.filter(reference__startswith=PREFIX)
        assert set(seekers.values_list("sex", flat=True)) == {"F", "M"}
        ages = [(seeker.opened_on - seeker.birth_date).days // 365 for seeker in seekers]
        assert min(ages) >= 16 and max(ages) <= 64
        isco = set(Code.objects.filter(classification__key="isco08", level=4).values_list("pk", flat=True))
        assert set(seekers.values_list("first_occupation_id", flat=True)) <= isco
        isic = set(Code.objects.filter(classification__key="isic4", level=4).values_list("pk", flat=True))
        assert set(ours.values_list("isic_id", flat=True)) <= isic
    assert "1 countries" in out and "rows/s" in out


def test_a_country_made_for_synthetic_data_publishes_values_the_hub_collects(countries, db):
    made = countries_for_generation(4, report=lambda _line: None)[-1]
    assert made.schema_name not in countries and made.name.endswith("(synthetic)")

    generated = country_generate(made, scale=SCALE, seed=SEED, report=lambda _line: None)

    with tenant_context(made):
        values = Observation.objects.filter(submitted_by=SOURCE, state=Observation.State.APPROVED).count()
        assert values > 700
        assert Employer.objects.filter(registration_number__startswith=PREFIX).exists()
    assert Fact.objects.filter(country=made).count() > 0
    assert generated.created == generated.rows > values


def test_the_same_seed_gives_the_same_rows_and_a_second_run_adds_nothing(countries, db):
    kn = countries["kn"]
    _generate(1)
    first = _fingerprint(kn)

    again = country_generate(kn, scale=SCALE, seed=SEED, report=lambda _line: None)
    assert again.created == 0 and again.rows > 0

    assert country_generated_remove(kn) > 0
    _generate(1)
    assert _fingerprint(kn) == first

    country_generated_remove(kn)
    _generate(1, seed=SEED + 1)
    assert _fingerprint(kn) != first


def test_vacancies_and_accidents_follow_the_seasons():
    rng = random.Random(SEED)
    vacancies = Counter(records._day(rng, records.SEASONS[Vacancy]).month for _draw in range(12_000))
    assert vacancies[10] + vacancies[11] > 1.7 * (vacancies[4] + vacancies[5])
    days = [records._day(rng) for _draw in range(2_000)]
    assert min(days) >= datetime.date(records.YEARS[0], 1, 1)
    assert max(days) <= datetime.date(records.YEARS[-1], 12, 31)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--countries", "0"), "--countries must be a whole number from 1"),
        (("--scale", "0"), "--scale must be above 0"),
        (("--scale", "11"), "at most 10"),
    ],
)
def test_arguments_out_of_range_are_refused_with_a_reason(countries, db, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("demo", "generate", *arguments)
