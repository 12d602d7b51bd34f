"""Creating countries and changing their status: the one way, used by the CLI, the hub console and the API."""

import logging
import re
import zoneinfo
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django_tenants.clone import CloneSchema
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from clmis import RELEASE
from clmis.accounts.actors import actor_label
from clmis.accounts.mail import LMIS_ADMIN, administrator_invitation_mail
from clmis.accounts.models import User
from clmis.accounts.roles import Scope, roles_sync
from clmis.accounts.services import user_create
from clmis.audit.context import acting, current_actor
from modules.indicators.loading import catalogue_load
from modules.manifest import ModuleConfig
from modules.reference import iso3166
from modules.reference.loading import code_tables_ensure, reference_load
from modules.registry import (
    dependants_of,
    installed_modules,
    module_by_key,
    module_keys,
    modules_in_dependency_order,
)
from regional_hub.catalogue.loading import catalogue_seed
from regional_hub.extensions.selectors import enable_refusal
from tenants.migration_state import schemas_behind
from tenants.models import Country, Domain, ModuleEnablement
from tenants.routing import forget_routes
from tenants.selectors import modules_enabled_in
from tenants.template import template_ensure_current, template_schema

logger = logging.getLogger(__name__)

HOST_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


@dataclass(frozen=True)
class CountryIdentity:
    code: str
    name: str
    iso3: str
    default_language: str
    timezone: str
    domains: tuple[str, ...]


def country_provision(
    *,
    code: str,
    name: str,
    iso3: str = "",
    default_language: str = "en",
    timezone: str = "UTC",
    domains: Iterable[str] = (),
    exist_ok: bool = False,
    by=None,
) -> tuple[Country, bool]:
    """Create a country: its row, domains and a schema cloned from the template, all or nothing.

    Returns (country, created). With exist_ok, asking again for a country that exists with the same
    code, name and ISO3 changes nothing and returns it (so the CLI and demo data can be re-run);
    otherwise an existing code is refused. Any failure leaves no row, domain or schema behind: the
    clone runs in the same transaction as the rows, and PostgreSQL DDL is transactional.
    """
    identity = _validated(code, name, iso3, default_language, timezone, domains)
    with acting(actor_label(by)), schema_context(get_public_schema_name()), _provisioning_lock():
        existing = Country.objects.filter(schema_name=identity.code).first()
        if existing is not None:
            return _confirm_existing(existing, identity, exist_ok), False
        _check_unused(identity)
        # Outside the transaction below: a template migrated now stays migrated if the clone fails.
        template_ensure_current()
        with transaction.atomic():
            country = Country.objects.create(
                schema_name=identity.code,
                name=identity.name,
                iso3=identity.iso3,
                default_language=identity.default_language,
                timezone=identity.timezone,
                release=RELEASE,
            )
            for domain in identity.domains:
                Domain.objects.create(domain=domain, tenant=country, is_primary=False)
            CloneSchema().clone_schema(template_schema(), country.schema_name)
            for config in installed_modules():
                if config.manifest.default_enabled and enable_refusal(config) is None:
                    ModuleEnablement.objects.create(
                        country=country, module=config.manifest.key, enabled_by=current_actor()
                    )
            country_roles_sync(country)
            country_reference_refresh(country)
    forget_routes()
    logger.info("country %s (%s) provisioned", country.code, country.name)
    return country, True


def country_administrator_invite(
    *, country: Country, email: str, first_name: str = "", last_name: str = "", by=None
) -> User:
    """A national LMIS administrator for the country, signing in with `email`: how a new country gets
    its first user, who then gives colleagues theirs. The account has no password yet; an e-mail in the
    country's language gives the link to set one."""
    with acting(actor_label(by)), tenant_context(country):
        user = user_create(
            username=email,
            email=email,
            password=None,
            roles=[LMIS_ADMIN],
            first_name=first_name,
            last_name=last_name,
        )
        administrator_invitation_mail(user=user)
    logger.info("country %s: administrator %s invited", country.code, user.pk)
    return user


def modules_enable_defaults(*, country: Country, by) -> list[str]:
    """Enable the default modules a country does not have yet (modules installed after it was created)."""
    enabled = set(ModuleEnablement.objects.filter(country=country).values_list("module", flat=True))
    missing = [
        config
        for config in installed_modules()
        if config.manifest.default_enabled
        and config.manifest.key not in enabled
        # A contributed module the hub has not accepted is never enabled, by default or by choice.
        and enable_refusal(config) is None
    ]
    for config in modules_in_dependency_order(missing):
        module_enable(country=country, key=config.manifest.key, by=by)
    return [config.manifest.key for config in missing]


def country_reference_refresh(country: Country, *, force: bool = False) -> dict[str, int]:
    """Bring a country's reference data up to date: the shipped classifications (unchanged ones are
    skipped) and the code tables of its enabled modules (created where missing, never overwritten)."""
    catalogue_seed()
    with tenant_context(country):
        written = reference_load(force=force)
        written["indicators"] = catalogue_load()
        for config in modules_enabled_in(country):
            code_tables_ensure(config.manifest.tables, language=country.default_language)
    return written


def country_roles_sync(country: Country) -> None:
    """Give the country's role groups the platform's grants plus those of its enabled modules."""
    modules = modules_enabled_in(country)
    with tenant_context(country):
        roles_sync(Scope.COUNTRY, modules)


@transaction.atomic
def module_enable(*, country: Country, key: str, by) -> ModuleEnablement:
    """Enable a module in a country, refused while a module it depends on is disabled there, and for a
    contributed module until the hub has accepted the version installed here into a release."""
    actor = actor_label(by)
    with acting(actor), schema_context(get_public_schema_name()):
        config = _installed_module(key)
        enabled = set(ModuleEnablement.objects.filter(country=country).values_list("module", flat=True))
        refusal = enable_refusal(config) if key not in enabled else None
        if refusal is not None:
            raise ValidationError({"module": refusal})
        missing = [dependency for dependency in config.manifest.depends_on if dependency not in enabled]
        if missing:
            raise ValidationError(
                {
                    "module": _(
                        "%(module)s needs %(missing)s, which is not enabled in %(country)s: enable it first."
                    )
                    % {"module": config.manifest.title, "missing": _titles(missing), "country": country}
                }
            )
        enablement, _created = ModuleEnablement.objects.get_or_create(
            country=country, module=key, defaults={"enabled_by": actor}
        )
        country_roles_sync(country)
        with tenant_context(country):
            code_tables_ensure(config.manifest.tables, language=country.default_language)
    _forget_routes_now_and_on_commit()
    return enablement


@transaction.atomic
def module_disable(*, country: Country, key: str, by) -> None:
    """Disable a module in a country, refused while an enabled module depends on it. Its data stays."""
    with acting(actor_label(by)), schema_context(get_public_schema_name()):
        config = _installed_module(key)
        enabled = set(ModuleEnablement.objects.filter(country=country).values_list("module", flat=True))
        needing = [
            dependant.manifest.key for dependant in dependants_of(key) if dependant.manifest.key in enabled
        ]
        if needing:
            raise ValidationError(
                {
                    "module": _("%(dependants)s depend on %(module)s in %(country)s: disable them first.")
                    % {"dependants": _titles(needing), "module": config.manifest.title, "country": country}
                }
            )
        ModuleEnablement.objects.filter(country=country, module=key).delete()
        country_roles_sync(country)
    _forget_routes_now_and_on_commit()


def _installed_module(key: str) -> ModuleConfig:
    config = module_by_key(key)
    if config is None:
        raise ValidationError(
            {
                "module": _("There is no module %(key)s. Installed: %(keys)s.")
                % {"key": key, "keys": ", ".join(sorted(module_keys()))}
            }
        )
    return config


def _titles(keys: list[str]) -> str:
    return ", ".join(str(module_by_key(key).manifest.title) for key in keys)


def _forget_routes_now_and_on_commit() -> None:
    # Now for this connection's next request, and again once committed for the process's other threads.
    forget_routes()
    transaction.on_commit(forget_routes)


def countries_release_record() -> list[str]:
    """Record this code's release for every country whose schema is current, where it says otherwise:
    what a migration of every country at once (`clmis migrate`) means. Returns their codes."""
    countries = list(Country.objects.exclude(release=RELEASE))
    behind = set(schemas_behind([country.schema_name for country in countries]))
    recorded = []
    for country in countries:
        if country.schema_name not in behind:
            country.release = RELEASE
            country.save(update_fields=["release"])
            recorded.append(country.code)
    if recorded:
        forget_routes()
    return recorded


@transaction.atomic
def country_status_set(*, country: Country, status: str, by=None) -> Country:
    """Open, close for maintenance or suspend a country's site (its users see a page saying so)."""
    if status not in Country.Status.values:
        raise ValidationError(
            {
                "status": _("Unknown status %(status)s; use one of %(allowed)s.")
                % {"status": status, "allowed": ", ".join(Country.Status.values)}
            }
        )
    with acting(actor_label(by)):
        country.status = status
        country.save(update_fields=["status"])
    _forget_routes_now_and_on_commit()
    return country


def _validated(
    code: str, name: str, iso3: str, default_language: str, timezone: str, domains: Iterable[str]
) -> CountryIdentity:
    errors: dict[str, list[str]] = {}
    code = (code or "").strip().lower()
    entry = iso3166.by_alpha2(code)
    if not re.fullmatch(r"[a-z]{2}", code):
        errors["code"] = [_("The code must be the two-letter ISO 3166 code of the country, such as kn.")]
    elif entry is None:
        errors["code"] = [_("%(code)s is not an ISO 3166 country code.") % {"code": code}]
    iso3 = (iso3 or "").strip().upper()
    if entry is not None:
        if not iso3:
            iso3 = entry.alpha3
        elif iso3 != entry.alpha3:
            errors["iso3"] = [
                _("The ISO 3166 alpha-3 code of %(code)s is %(alpha3)s, not %(iso3)s.")
                % {"code": code, "alpha3": entry.alpha3, "iso3": iso3}
            ]
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Give the country's name.")]
    elif len(name) > 100:
        errors["name"] = [_("The name can have at most 100 characters.")]
    if default_language not in dict(settings.LANGUAGES):
        errors["default_language"] = [
            _("Choose one of the languages offered: %(languages)s.")
            % {"languages": ", ".join(dict(settings.LANGUAGES))}
        ]
    if timezone not in zoneinfo.available_timezones():
        errors["timezone"] = [
            _("%(tz)s is not a time zone name such as America/St_Kitts.") % {"tz": timezone}
        ]
    clean_domains = tuple(dict.fromkeys(d.strip().lower().rstrip(".") for d in domains if d.strip()))
    domain_errors = [message for domain in clean_domains for message in _domain_problems(domain)]
    if domain_errors:
        errors["domains"] = domain_errors
    if errors:
        raise ValidationError(errors)
    return CountryIdentity(code, name, iso3, default_language, timezone, clean_domains)


def _domain_problems(domain: str) -> list[str]:
    labels = domain.split(".")
    if len(domain) > 253 or len(labels) < 2 or not all(HOST_LABEL.match(label) for label in labels):
        return [_("%(domain)s is not a valid host name.") % {"domain": domain}]
    if domain in settings.HUB_HOSTS or domain.endswith("." + settings.BASE_DOMAIN):
        return [
            _("%(domain)s is one of the platform's own addresses; a custom domain must be the country's own.")
            % {"domain": domain}
        ]
    return []


def _check_unused(identity: CountryIdentity) -> None:
    errors = {}
    holder = Country.objects.filter(iso3=identity.iso3).first()
    if holder is not None:
        errors["iso3"] = [
            _("%(iso3)s is already used by %(name)s.") % {"iso3": identity.iso3, "name": holder}
        ]
    taken = list(Domain.objects.filter(domain__in=identity.domains).select_related("tenant"))
    if taken:
        errors["domains"] = [
            _("%(domain)s is already used by %(name)s.") % {"domain": d.domain, "name": d.tenant}
            for d in taken
        ]
    if errors:
        raise ValidationError(errors)


def _confirm_existing(country: Country, identity: CountryIdentity, exist_ok: bool) -> Country:
    if not exist_ok:
        raise ValidationError(
            {
                "code": [
                    _("A country with code %(code)s already exists: %(name)s.")
                    % {"code": country.code, "name": country}
                ]
            }
        )
    if (country.name, country.iso3) != (identity.name, identity.iso3):
        raise ValidationError(
            {
                "code": [
                    _("Code %(code)s is already used by %(name)s (%(iso3)s); nothing was changed.")
                    % {"code": country.code, "name": country, "iso3": country.iso3}
                ]
            }
        )
    return country


@contextmanager
def _provisioning_lock() -> Iterator[None]:
    """One provisioning at a time per database: the template and the clone function are shared."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(hashtext('clmis.country_provision'))")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(hashtext('clmis.country_provision'))")
