"""Demo data: the hub and three countries with one user per role. Safe to load again (idempotent)."""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from clmis.accounts.services import user_create
from tenants.services import country_provision

# Published in the README on purpose: demo data only, never in a real deployment.
DEMO_PASSWORD = "clmis-demo-2026"  # noqa: S105

DEMO_COUNTRIES = (
    {"code": "kn", "name": "Saint Kitts and Nevis", "default_language": "en", "timezone": "America/St_Kitts"},
    {"code": "lc", "name": "Saint Lucia", "default_language": "en", "timezone": "America/St_Lucia"},
    {"code": "sr", "name": "Suriname", "default_language": "nl", "timezone": "America/Paramaribo"},
)

# (username, role, first name, last name)
DEMO_HUB_USERS = (
    ("hubadmin", "hub_admin", "Hana", "Baptiste"),
    ("analyst", "regional_analyst", "Andre", "Charles"),
    ("provider", "service_provider", "Priya", "Ramsaran"),
)
DEMO_COUNTRY_USERS = (
    ("officer", "officer", "Olivia", "Browne"),
    ("supervisor", "supervisor", "Samuel", "Liburd"),
    ("commissioner", "commissioner", "Celia", "Joseph"),
    ("statistician", "statistician", "Stefan", "Pinas"),
    ("submitter", "agency_submitter", "Sasha", "Mills"),
    ("lmisadmin", "lmis_admin", "Lena", "Henry"),
)


def demo_load(report: Callable[[str], None] = print) -> None:
    with schema_context(get_public_schema_name()):
        _users(DEMO_HUB_USERS, domain="hub.example", report=report, where="hub")
    for spec in DEMO_COUNTRIES:
        country, created = country_provision(**spec, exist_ok=True)
        report(f"{'created' if created else 'kept'} country {country.code} {country.name}")
        with tenant_context(country):
            _users(
                DEMO_COUNTRY_USERS, domain=f"labour.{country.code}.example", report=report, where=country.code
            )


def _users(specs: tuple, *, domain: str, report: Callable[[str], None], where: str) -> None:
    existing = set(get_user_model().objects.values_list("username", flat=True))
    for username, role, first_name, last_name in specs:
        if username in existing:
            continue
        user_create(
            username=username,
            email=f"{username}@{domain}",
            password=DEMO_PASSWORD,
            roles=[role],
            first_name=first_name,
            last_name=last_name,
        )
        report(f"created user {username} ({role}) at {where}")
