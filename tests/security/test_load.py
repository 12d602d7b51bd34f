"""The bounded load test in its short form (issue 10; the full one is `bench/run.py --only load`):
50 users at once for 20 s against gunicorn serving three countries of the test database: officers
signed in to their country (lists, searches, filters, records, notes, new employers), partner systems
on the API with tokens (lists, filters, records, new employers and complaints), the public (figures,
an indicator's page and download, the hub's open data), each on its own country's host
(bench/locustfile.py). Not one request may fail, every kind must be made, and each country's writes
must land in that country alone.

The countries are throwaway ones ("Load xx", made and dropped here, with a few records each), so
what the load writes never reaches kn, lc and sr, which the rest of the suite relies on. Committed
data: gunicorn is another process.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context
from rest_framework.authtoken.models import Token

from bench.load import REQUEST_KINDS, load_run, served_environment
from bench.load_data import OFFICERS, plan_for
from clmis.accounts.services import user_create
from modules.employers.models import Employer
from modules.indicators.models import Indicator, Observation, breakdown_key
from tenants.models import Country
from tenants.routing import forget_routes
from tenants.schemas import schema_drop
from tenants.services import country_provision
from tests.support import PASSWORD, url_of_test_database, user_in

THROWAWAY = ("bl", "mf", "sx")
SECONDS = 20
# What the load's own writes are named (bench/locustfile.py).
WRITTEN = "Load Test "


@pytest.fixture(scope="module")
def load_countries(countries, django_db_blocker):
    """Three countries with two officers, two records of each register the load opens, and a published
    figure; dropped afterwards, whatever happened."""
    with django_db_blocker.unblock():
        _drop_throwaway()
        try:
            made = []
            for code in THROWAWAY:
                country, _created = country_provision(code=code, name=f"Load {code}")
                with tenant_context(country):
                    for role in OFFICERS:
                        user_create(
                            username=role, email=f"{role}@example.org", password=PASSWORD, roles=[role]
                        )
                _records_make(country)
                made.append(country)
            yield made
        finally:
            _drop_throwaway()


def _drop_throwaway() -> None:
    connection.set_schema_to_public()
    Country.objects.filter(schema_name__in=THROWAWAY).delete()
    for code in THROWAWAY:
        schema_drop(code)
    forget_routes()


def _records_make(country: Country) -> None:
    """Through the API, as the country's partner systems would: what the officers find in their lists."""
    with tenant_context(country):
        token = Token.objects.create(user=user_in(country, "officer")).key
    api = Client(HTTP_HOST=country.host(), HTTP_AUTHORIZATION=f"Token {token}")
    today = timezone.localdate()
    for n in range(2):
        employer = _made(api, "employers", {"name": f"Seed Bakery {n}", "registration_number": f"SEED-{n}"})
        _made(
            api,
            "complaints",
            {
                "employer": employer,
                "complainant_name": f"Worker {n}",
                "complainant_sex": "F",
                "category": "WAGES",
            },
        )
        _made(
            api,
            "job_seekers",
            {
                "first_name": f"Seeker {n}",
                "family_name": "Browne",
                "sex": "M",
                "birth_date": "1990-01-01",
                "hours": "full_time",
                "occupations": ["5120"],
            },
        )
        _made(
            api,
            "vacancies",
            {
                "employer": employer,
                "title": f"Cook {n}",
                "occupation": "5120",
                "posts": 2,
                "contract": "permanent",
                "hours": "full_time",
                "opened_on": str(today),
                "closes_on": str(today + datetime.timedelta(days=30)),
            },
        )
    with tenant_context(country):
        Observation.objects.create(
            indicator=Indicator.objects.get(code="CMP_RECV_SEX_CAT_NB"),
            period="2025",
            key=breakdown_key({}),
            dimensions={},
            value=Decimal(14),
            origin="submitted",
            state="approved",
            publish_at=timezone.now() - datetime.timedelta(minutes=1),
        )


def _made(api: Client, register: str, body: dict) -> int:
    response = api.post(f"/api/v1/{register}/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()["id"]


def test_fifty_users_over_three_countries_meet_no_error_and_write_only_at_home(
    load_countries, countries, django_db_blocker, tmp_path
):
    with django_db_blocker.unblock():
        plan = plan_for(load_countries, password=PASSWORD)
    served = served_environment(
        DATABASE_URL=url_of_test_database(), DJANGO_SETTINGS_MODULE="clmis.settings_test"
    )

    result = load_run(plan=plan, seconds=SECONDS, work=tmp_path, env=served)

    print(f"\n{result.total.per_second:.1f} requests/s; gunicorn answered in {result.startup:.1f} s")
    for kind in [*result.kinds, result.total]:
        print(
            f"{kind.method:4} {kind.name:20} {kind.requests:5} requests, {kind.failures} failed; "
            f"p50 {kind.p50:.0f}, p90 {kind.p90:.0f}, p95 {kind.p95:.0f}, p99 {kind.p99:.0f}, "
            f"max {kind.max:.0f} ms"
        )
    assert result.failures == [] and result.total.failures == 0
    assert result.exit_code == 0
    assert {kind.name for kind in result.kinds if kind.requests} == set(REQUEST_KINDS)
    with django_db_blocker.unblock():
        for country in load_countries:
            with tenant_context(country):
                assert Employer.objects.filter(name__startswith=WRITTEN).exists(), country.schema_name
        for country in countries.values():
            with tenant_context(country):
                assert not Employer.objects.filter(name__startswith=WRITTEN).exists(), country.schema_name
