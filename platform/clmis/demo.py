"""Demo data: the hub, three countries with one user per role and their case work, and eleven more
countries of the region with their real published figures. Safe to load again (idempotent)."""

from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from clmis.accounts.services import user_create
from modules.custom_fields.demo import custom_fields_demo
from modules.indicators.demo import indicators_demo
from modules.indicators.models import Agency, AgencyMember, Indicator
from modules.indicators.services import agency_member_add, observations_submit
from modules.news.demo import news_demo
from modules.reference import iso3166
from modules.reference.models import Classification
from modules.reference.services import national_code_save
from modules.registry import modules_in_dependency_order
from regional_hub.extensions.demo import extension_demo
from regional_hub.facts.collection import facts_collect
from regional_hub.releases.demo import release_demo
from tenants.models import Country, ServiceProvider
from tenants.providers.services import provider_assign, provider_save, provider_staff_add
from tenants.selectors import modules_enabled_in
from tenants.services import country_provision, country_reference_refresh, modules_enable_defaults

# Published in the README on purpose: demo data only, never in a real deployment.
DEMO_PASSWORD = "clmis-demo-2026"  # noqa: S105

DEMO_COUNTRIES = (
    {"code": "kn", "name": "Saint Kitts and Nevis", "default_language": "en", "timezone": "America/St_Kitts"},
    {"code": "lc", "name": "Saint Lucia", "default_language": "en", "timezone": "America/St_Lucia"},
    {"code": "sr", "name": "Suriname", "default_language": "nl", "timezone": "America/Paramaribo"},
)

# The other countries whose real survey figures the regional demo shows (shared reference data
# indicators/): each a country with its statistics office and published figures, collected by the hub
# as any country's, without users or case data.
DEMO_REGION_COUNTRIES = (
    {"code": "ag", "name": "Antigua and Barbuda", "timezone": "America/Antigua"},
    {"code": "bs", "name": "Bahamas", "timezone": "America/Nassau"},
    {"code": "bb", "name": "Barbados", "timezone": "America/Barbados"},
    {"code": "bz", "name": "Belize", "timezone": "America/Belize"},
    {"code": "dm", "name": "Dominica", "timezone": "America/Dominica"},
    {"code": "gd", "name": "Grenada", "timezone": "America/Grenada"},
    {"code": "gy", "name": "Guyana", "timezone": "America/Guyana"},
    {"code": "ht", "name": "Haiti", "default_language": "fr", "timezone": "America/Port-au-Prince"},
    {"code": "jm", "name": "Jamaica", "timezone": "America/Jamaica"},
    {"code": "vc", "name": "Saint Vincent and the Grenadines", "timezone": "America/St_Vincent"},
    {"code": "tt", "name": "Trinidad and Tobago", "timezone": "America/Port_of_Spain"},
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

# An accredited service provider, with the hub user `provider` on its staff, assigned to kn and lc (not
# sr, so the console can be seen refusing a country).
DEMO_PROVIDER = {
    "name": "Caribbean LMIS Services",
    "registration_number": "HUB-SP-2026-001",
    "email": "support@caribbean-lmis.example",
    "notes": "Demo provider: sets up the countries assigned to it from the hub's console.",
}
DEMO_PROVIDER_STAFF = "provider"
DEMO_PROVIDER_COUNTRIES = ("kn", "lc")


def demo_load(report: Callable[[str], None] = print) -> None:
    with schema_context(get_public_schema_name()):
        _users(DEMO_HUB_USERS, domain="hub.example", report=report, where="hub")
    for spec in DEMO_COUNTRIES:
        country, created = country_provision(**spec, exist_ok=True)
        report(f"{'created' if created else 'kept'} country {country.code} {country.name}")
        country_demo(country, report)
    with schema_context(get_public_schema_name()):
        provider_demo(report)
    region_demo(report)
    release_demo(report)
    extension_demo(report)


def country_demo(country: Country, report: Callable[[str], None] = print, *, records_of: str = "") -> None:
    """One country's demo (idempotent): its default modules and tables, one user per role, its districts,
    each enabled module's demo records, custom fields, indicators and news, as a user sees them.

    With `records_of` (a demo country's code) the records are that country's demo records, written
    here: a throwaway country then shows what a user sees in kn (the user guides' screenshots)."""
    identity = country
    if records_of:
        # The modules' demos choose their records by the country's code and ISO3 (towns, agencies,
        # figures); what they look up by the country itself (its enabled modules) is this one's.
        spec = next(spec for spec in DEMO_COUNTRIES if spec["code"] == records_of)
        identity = Country(
            pk=country.pk,
            schema_name=records_of,
            name=country.name,
            iso3=iso3166.by_alpha2(records_of).alpha3,
            default_language=spec["default_language"],
        )
    for key in modules_enable_defaults(country=country, by=None):
        report(f"enabled module {key} at {country.code}")
    country_reference_refresh(country)
    with tenant_context(country):
        # Users first: the modules' demo cases are worked by the demo officers.
        _users(DEMO_COUNTRY_USERS, domain=f"labour.{country.code}.example", report=report, where=country.code)
        _districts(identity.code)
        for config in modules_in_dependency_order(modules_enabled_in(country)):
            if config.manifest.demo:
                # A module's demo is whole or absent: one that fails leaves nothing to skip it next time.
                with transaction.atomic():
                    added = import_string(config.manifest.demo)(identity)
                report(f"{config.manifest.key}: {added} demo records at {country.code}")
        with transaction.atomic():
            added = custom_fields_demo(identity)
        report(f"custom fields: {added} demo fields at {country.code}")
        with transaction.atomic():
            added = indicators_demo(identity)
        report(f"indicators: {added} demo agencies at {country.code}")
        with transaction.atomic():
            added = _submissions_demo()
        report(f"indicators: {added} demo values waiting for approval at {country.code}")
        with transaction.atomic():
            added = news_demo(identity)
        report(f"news: {added} demo articles at {country.code}")


def _submissions_demo() -> int:
    """The demo submitter submits for the statistics office, and has sent a year of unemployment rates
    that wait for the administrator's approval: each finds work on the first visit. Once only."""
    submitter = get_user_model().objects.get(username="submitter")
    agency = Agency.objects.filter(kind=Agency.Kind.STATISTICS).first()
    if agency is None or AgencyMember.objects.filter(user=submitter).exists():
        return 0
    agency_member_add(agency=agency, user=submitter, by=None)
    indicator = Indicator.objects.filter(code="UNE_DEAP_SEX_AGE_RT", agency=agency).first()
    if indicator is None:
        return 0
    rows = [
        {"period": "2025", "value": "4.9"},
        {"period": "2025", "SEX": "SEX_F", "value": "5.3"},
        {"period": "2025", "SEX": "SEX_M", "value": "4.5"},
    ]
    return len(observations_submit(indicator=indicator, rows=rows, by=submitter))


def region_demo(report: Callable[[str], None]) -> None:
    """The other countries of the region with their real figures, then the hub's collection from every
    demo country: the regional site shows what the countries publish, by the path real values take."""
    for spec in DEMO_REGION_COUNTRIES:
        country, created = country_provision(**spec, exist_ok=True)
        if created:
            report(f"created country {country.code} {country.name}")
        country_reference_refresh(country)
        with tenant_context(country), transaction.atomic():
            indicators_demo(country)
    for country in Country.objects.filter(
        schema_name__in=[c["code"] for c in (*DEMO_COUNTRIES, *DEMO_REGION_COUNTRIES)]
    ):
        with tenant_context(country):
            collected = facts_collect(full=True)
        report(f"hub collected {collected.written} values from {country.code}")


def provider_demo(report: Callable[[str], None]) -> None:
    """The demo service provider, its staff member and its countries (idempotent)."""
    today = timezone.localdate()
    provider = ServiceProvider.objects.filter(name=DEMO_PROVIDER["name"]).first()
    if provider is None:
        # Accredited since the start of the year, without an end: the demo works whenever it is loaded.
        values = {**DEMO_PROVIDER, "accredited_from": today.replace(month=1, day=1)}
        provider = provider_save(values=values, version=None, by=None)
        report(f"accredited service provider {provider.name}")
    user = get_user_model().objects.get(username=DEMO_PROVIDER_STAFF)
    if not hasattr(user, "provider_staff"):
        provider_staff_add(provider=provider, user=user, by=None)
        report(f"{user.username} works for {provider.name}")
    for code in DEMO_PROVIDER_COUNTRIES:
        country = Country.objects.get(schema_name=code)
        if not provider.assignments.current(today).filter(country=country).exists():
            provider_assign(provider=provider, country=country, since=today, by=None)
            report(f"{provider.name} assigned to {code}")


# National geography of the demo countries (ISO 3166-2 subdivisions), for the district tables.
DEMO_DISTRICTS = {
    "kn": (
        ("KN-01", "Christ Church Nichola Town"),
        ("KN-02", "Saint Anne Sandy Point"),
        ("KN-03", "Saint George Basseterre"),
        ("KN-04", "Saint George Gingerland"),
        ("KN-05", "Saint James Windward"),
        ("KN-06", "Saint John Capisterre"),
        ("KN-07", "Saint John Figtree"),
        ("KN-08", "Saint Mary Cayon"),
        ("KN-09", "Saint Paul Capisterre"),
        ("KN-10", "Saint Paul Charlestown"),
        ("KN-11", "Saint Peter Basseterre"),
        ("KN-12", "Saint Thomas Lowland"),
        ("KN-13", "Saint Thomas Middle Island"),
        ("KN-15", "Trinity Palmetto Point"),
    ),
    "lc": (
        ("LC-01", "Anse la Raye"),
        ("LC-02", "Castries"),
        ("LC-03", "Choiseul"),
        ("LC-05", "Dennery"),
        ("LC-06", "Gros Islet"),
        ("LC-07", "Laborie"),
        ("LC-08", "Micoud"),
        ("LC-10", "Soufrière"),
        ("LC-11", "Vieux Fort"),
        ("LC-12", "Canaries"),
    ),
    "sr": (
        ("SR-BR", "Brokopondo"),
        ("SR-CM", "Commewijne"),
        ("SR-CR", "Coronie"),
        ("SR-MA", "Marowijne"),
        ("SR-NI", "Nickerie"),
        ("SR-PR", "Para"),
        ("SR-PM", "Paramaribo"),
        ("SR-SA", "Saramacca"),
        ("SR-SI", "Sipaliwini"),
        ("SR-WA", "Wanica"),
    ),
}


def _districts(code: str) -> None:
    table = Classification.objects.get(key="district")
    existing = set(table.codes.values_list("code", flat=True))
    for district, title in DEMO_DISTRICTS.get(code, ()):
        if district not in existing:
            national_code_save(table=table, code=district, title=title, by=None)


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
