from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet
from django_tenants.utils import get_public_schema_name

from clmis.accounts.roles import Scope, role_grants
from modules.manifest import ModuleConfig
from modules.registry import installed_modules
from regional_hub.extensions.selectors import Contribution, contributions
from tenants.models import Country, ModuleEnablement
from tenants.template import template_schema


def countries_matching(*, q: str = "", status: str = "") -> QuerySet[Country]:
    countries = Country.objects.prefetch_related("domains")
    if q:
        countries = countries.filter(Q(name__icontains=q) | Q(schema_name__iexact=q) | Q(iso3__iexact=q))
    if status:
        countries = countries.filter(status=status)
    return countries


def modules_enabled_in(country: Country) -> list[ModuleConfig]:
    keys = set(ModuleEnablement.objects.filter(country=country).values_list("module", flat=True))
    return [config for config in installed_modules() if config.manifest.key in keys]


def module_enablement_by_country() -> dict[str, set[str]]:
    """Country code -> keys of its enabled modules, for every country (one query)."""
    enabled: dict[str, set[str]] = {
        code: set() for code in Country.objects.values_list("schema_name", flat=True)
    }
    for code, key in ModuleEnablement.objects.values_list("country__schema_name", "module"):
        enabled[code].add(key)
    return enabled


def expected_role_grants() -> dict[str, dict[str, set[str]]]:
    """For every schema (hub, template, each country): the role grants it should hold."""
    by_key = {config.manifest.key: config for config in installed_modules()}
    expected = {
        get_public_schema_name(): role_grants(Scope.HUB),
        template_schema(): role_grants(Scope.COUNTRY),
    }
    for code, keys in module_enablement_by_country().items():
        expected[code] = role_grants(Scope.COUNTRY, [by_key[key] for key in keys if key in by_key])
    return expected


@dataclass(frozen=True)
class ModuleState:
    config: ModuleConfig
    enabled: bool
    # Enabled modules that need this one / disabled modules this one needs, in this country.
    needed_by: tuple[str, ...]
    missing: tuple[str, ...]
    # A module a country contributed: by whom, since which release, whether it may be enabled here.
    contribution: Contribution | None = None


def module_states(country: Country) -> list[ModuleState]:
    enabled = {config.manifest.key for config in modules_enabled_in(country)}
    modules = installed_modules()
    contributed = contributions(modules)
    return [
        ModuleState(
            config=config,
            enabled=config.manifest.key in enabled,
            needed_by=tuple(
                other.manifest.key
                for other in modules
                if config.manifest.key in other.manifest.depends_on and other.manifest.key in enabled
            ),
            missing=tuple(key for key in config.manifest.depends_on if key not in enabled),
            contribution=contributed.get(config.manifest.key),
        )
        for config in modules
    ]


@dataclass(frozen=True)
class ModuleUse:
    config: ModuleConfig
    countries: tuple[str, ...]
    contribution: Contribution | None = None


def modules_with_countries() -> list[ModuleUse]:
    """Every installed module and the codes of the countries that enabled it (one query, and two more
    where countries contributed modules)."""
    where: dict[str, list[str]] = {}
    for code, key in ModuleEnablement.objects.order_by("country__schema_name").values_list(
        "country__schema_name", "module"
    ):
        where.setdefault(key, []).append(code)
    modules = installed_modules()
    contributed = contributions(modules)
    return [
        ModuleUse(config, tuple(where.get(config.manifest.key, ())), contributed.get(config.manifest.key))
        for config in modules
    ]


@dataclass(frozen=True)
class ModuleChange:
    when: object
    actor: str
    module: str
    enabled: bool


def module_changes(country: Country, limit: int = 50) -> list[ModuleChange]:
    """Who enabled and disabled which module in the country, newest first (from the audit history)."""
    records = ModuleEnablement.history.filter(country_id=country.pk).order_by("-history_date")[:limit]
    return [ModuleChange(r.history_date, r.actor, r.module, r.history_type != "-") for r in records]


def module_enabled_here(key: str) -> bool:
    """Whether the country whose schema is in use has the module enabled (for services, which have no
    request: a link to another module's records is only offered and accepted where it is enabled)."""
    return ModuleEnablement.objects.filter(country__schema_name=connection.schema_name, module=key).exists()
