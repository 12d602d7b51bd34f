"""The database state every benchmark starts from, created idempotently so the suite can run again and again.

The suite adds throwaway countries (THROWAWAY_CODES) and drops them; anything it leaves behind after a
crash is recognised by its name ("Bench xx") and removed at the next start, and nothing else is ever
dropped (the hub benchmarks' countries, "Bench hub xx", are kept on purpose: bench/hub_data.py).
"""

from collections.abc import Iterable
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django_tenants.utils import get_public_schema_name, schema_context, schema_exists, tenant_context
from rest_framework.authtoken.models import Token

from clmis.demo import demo_load
from tenants.models import Country
from tenants.routing import forget_routes
from tests.support import password_confirmation_record

BENCH_COUNTRY = "kn"
API_USERNAME = "officer"
# A demo role that may view and export employers, and needs no two-factor authentication.
REGISTER_USERNAME = "supervisor"
BENCH_USER_PREFIX = "bench-user-"
BENCH_NAME_PREFIX = "Bench "
# Valid ISO 3166 alpha-2 codes that neither the demo data (its fourteen countries of the region) nor
# the hub benchmark's countries (bench/hub.py, kept between runs) use, for countries made and dropped here.
THROWAWAY_CODES = (
    *("cu", "do", "pr", "gp", "mq", "bq", "sx", "mf", "bl", "vi", "gf", "co"),
    *("ve", "pa", "cr", "ni", "hn", "sv", "gt", "mx", "br", "ar", "cl", "pe"),
)


def database_prepare() -> None:
    """Migrate what is behind (our one-query check makes this cheap when current) and load the demo data."""
    call_command("migrate_schemas", interactive=False, verbosity=0)
    demo_load(report=lambda _message: None)
    throwaway_drop_all()


def bench_country() -> Country:
    with schema_context(get_public_schema_name()):
        return Country.objects.get(schema_name=BENCH_COUNTRY)


def bench_users_ensure(country: Country, count: int = 20) -> int:
    """Enough users in the country for a full page of 20; returns how many users the country has."""
    user_model = get_user_model()
    with tenant_context(country):
        users = [
            user_model(username=f"{BENCH_USER_PREFIX}{n:02d}", email=f"bench{n:02d}@bench.example")
            for n in range(1, count + 1)
        ]
        for user in users:
            user.set_unusable_password()
        user_model.objects.bulk_create(users, ignore_conflicts=True)
        return user_model.objects.count()


def bench_token(country: Country, username: str = API_USERNAME) -> str:
    """An API token of a non-privileged demo user (so the MFA permission lets it through)."""
    with tenant_context(country):
        user = get_user_model().objects.get(username=username)
        token, _created = Token.objects.get_or_create(user=user)
        return token.key


def bench_session(country: Country, username: str = REGISTER_USERNAME) -> str:
    """A signed-in session of a demo user in the country, as a browser's session cookie carries it.

    Made the way the test client signs in (django.contrib.auth.login on the real session store), so
    the pages see an ordinary session; bench_session_end removes it when the suite is done.
    """
    with tenant_context(country):
        client = Client()
        user = get_user_model().objects.get(username=username)
        client.force_login(user)
        # Exports ask for the password again; bench/run.py makes that last the run (REAUTHENTICATION_SECONDS).
        session = client.session
        password_confirmation_record(session, user)
        session.save()
        return client.cookies[settings.SESSION_COOKIE_NAME].value


def bench_session_end(country: Country, session_key: str) -> None:
    with tenant_context(country):
        import_module(settings.SESSION_ENGINE).SessionStore(session_key).delete()


def throwaway_drop(codes: Iterable[str]) -> None:
    """Drop the bench's own countries and schemas; refuses to touch a country it did not make."""
    codes = list(codes)
    with schema_context(get_public_schema_name()):
        foreign = Country.objects.filter(schema_name__in=codes).exclude(name__startswith=BENCH_NAME_PREFIX)
        if foreign.exists():
            raise RuntimeError(f"not a bench country, left alone: {sorted(c.code for c in foreign)}")
        Country.objects.filter(schema_name__in=codes).delete()
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for code in codes:
                if schema_exists(code):
                    cursor.execute(f"DROP SCHEMA {quote(code)} CASCADE")
    forget_routes()


def throwaway_drop_all() -> None:
    throwaway_drop(THROWAWAY_CODES)


def throwaway_name(code: str) -> str:
    return f"{BENCH_NAME_PREFIX}{code}"
