"""The roles of the platform, defined here and nowhere else (ARCHITECTURE §2).

A role is a Django group named by its key, created in every schema of its scope: country roles in
each country schema (and the template they are cloned from), hub roles in the public schema. Modules
add their permissions to roles through their manifests; the grants below are the platform's own.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import get_public_schema_name


class Scope(StrEnum):
    COUNTRY = "country"
    HUB = "hub"


# National code tables (districts, national occupation lists) and their harmonised mappings.
TABLE_MAINTENANCE = (
    "reference.add_classification",
    "reference.change_classification",
    "reference.add_code",
    "reference.change_code",
    # Letter wording and reference-number patterns of the country's cases.
    "casework.view_lettertemplate",
    "casework.add_lettertemplate",
    "casework.change_lettertemplate",
    "casework.view_numberingrule",
    "casework.add_numberingrule",
    "casework.change_numberingrule",
)
# What a country makes its own: fields added to its records, its wording, its site's branding and
# languages, and its whole configuration as a file.
CUSTOMISATION = (
    "custom_fields.view_customfield",
    "custom_fields.add_customfield",
    "custom_fields.change_customfield",
    "country_settings.view_countrysettings",
    "country_settings.change_countrysettings",
    "casework.change_statedeadline",
    "casework.change_extrastate",
    "labels.view_label",
    "labels.add_label",
    "labels.change_label",
    "labels.delete_label",
    "configuration.view_configurationimport",
    "configuration.add_configurationimport",
    # What service providers changed here from the hub's console, told to the country and revertible.
    "configuration.view_providerchangenotice",
    "configuration.revert_providerchangenotice",
)
# The hub accredits service providers, assigns them countries and names their staff.
PROVIDER_ACCREDITATION = (
    "tenants.view_serviceprovider",
    "tenants.add_serviceprovider",
    "tenants.change_serviceprovider",
    "tenants.add_providerassignment",
    "tenants.change_providerassignment",
    "tenants.add_providerstaff",
    "tenants.delete_providerstaff",
    "tenants.view_providerchange",
)
# The national indicator package (modules.indicators): the statisticians keep it, administrators too.
INDICATOR_PACKAGE = (
    "indicators.view_indicator",
    "indicators.add_indicator",
    "indicators.change_indicator",
    "indicators.export_indicator",
    "indicators.view_agency",
    "indicators.add_agency",
    "indicators.change_agency",
    "indicators.export_agency",
    "indicators.view_observation",
    "indicators.view_release",
    "indicators.add_release",
    "indicators.change_release",
    "indicators.export_release",
)
# The hub's harmonised catalogue: administrators keep it, every hub user reads it.
CATALOGUE_READING = (
    "catalogue.view_harmonisedindicator",
    "catalogue.view_definition",
    "catalogue.view_codelist",
)
CATALOGUE_KEEPING = (
    *CATALOGUE_READING,
    "catalogue.add_harmonisedindicator",
    "catalogue.change_harmonisedindicator",
    "catalogue.add_definition",
)
# The coordination unit's work: the countries' values collected at the hub (coverage, comparisons)
# and requests to the countries for values, with due dates and reminders.
REGIONAL_ANALYSIS = (
    *CATALOGUE_READING,
    "facts.view_fact",
    "data_requests.view_datarequest",
    "data_requests.add_datarequest",
    "data_requests.change_datarequest",
)
# The release train: recording releases and rolling them out to the countries.
RELEASE_TRAIN = (
    "releases.view_release",
    "releases.add_release",
    "releases.view_rollout",
    "releases.add_rollout",
    "releases.change_rollout",
)
# Extensions (regional_hub.extensions): a country's LMIS administrator, or its service provider from the
# hub's console, submits a module the country wrote; the hub's administrators review and decide.
EXTENSION_SUBMISSION = ("extensions.submit_extension",)
EXTENSION_REVIEW = ("extensions.view_extension", "extensions.review_extension")
# The news and analysis of the public site (modules.news): written and published by the LMIS team.
NEWS = (
    "news.view_article",
    "news.add_article",
    "news.change_article",
    "news.publish_article",
)
# Personal data in case records (clmis.personal_data): the people who work the cases see who they are
# about; statisticians and administrators read the same records without the names, numbers and contacts.
PERSONAL_DATA_SEEING = ("personal_data.see_personal_data",)
# A person's copy of their data and its erasure on their request: decided above the officer.
PERSONAL_DATA_REQUESTS = (*PERSONAL_DATA_SEEING, "personal_data.answer_personal_data_request")
# How long closed cases keep personal data, and the erasures done.
PERSONAL_DATA_RETENTION = (
    "personal_data.view_retentionrule",
    "personal_data.add_retentionrule",
    "personal_data.change_retentionrule",
    "personal_data.delete_retentionrule",
    "personal_data.view_erasure",
)
USER_ADMINISTRATION = (
    "accounts.view_user",
    "accounts.add_user",
    "accounts.change_user",
    "auth.view_group",
)


@dataclass(frozen=True)
class Role:
    key: str
    label: Promise
    scope: Scope
    description: Promise
    # Privileged roles reach administrative functions and must use two-factor authentication.
    privileged: bool = False
    # May open the Django admin of their own schema (users and roles there).
    admin_site: bool = False
    permissions: tuple[str, ...] = field(default=())
    # What to do first, on the start page of a user new to the role.
    start: Promise | str = ""
    # The user guide of a role that shares another's work (clmis.help); by default the role's own.
    guide: str = ""

    @property
    def guide_key(self) -> str:
        return self.guide or self.key


ROLES: tuple[Role, ...] = (
    Role(
        "officer",
        _("DoL officer"),
        Scope.COUNTRY,
        _("Registers and works the cases of the modules they are assigned."),
        permissions=PERSONAL_DATA_SEEING,
        start=_(
            "Open a module in the menu — Complaints, for instance — to see the cases assigned to you, or "
            "register a new case with its form."
        ),
    ),
    Role(
        "supervisor",
        _("Supervisor"),
        Scope.COUNTRY,
        _("Assigns, approves and closes cases; sees every case table and report."),
        permissions=PERSONAL_DATA_REQUESTS,
        start=_(
            "Open a module in the menu to see the cases waiting to be assigned or approved; Reports shows"
            " the figures of every module."
        ),
    ),
    Role(
        "commissioner",
        _("Labour commissioner"),
        Scope.COUNTRY,
        _("Approves, closes and signs; sees every case table and report."),
        permissions=PERSONAL_DATA_REQUESTS,
        start=_(
            "The cases waiting for your approval or signature are in each module's list; Reports shows "
            "the figures of every module."
        ),
        guide="supervisor",
    ),
    Role(
        "statistician",
        _("Statistician"),
        Scope.COUNTRY,
        _("Works on indicators, statistical tables, exports and pseudonymised microdata."),
        permissions=(*INDICATOR_PACKAGE, *NEWS),
        start=_(
            "Open Indicators to see the national indicators, their values and the next release; News and "
            "analysis is where the public site's articles are written."
        ),
    ),
    Role(
        "agency_submitter",
        _("Partner-agency submitter"),
        Scope.COUNTRY,
        _("Submits values for the indicators their agency is responsible for."),
        # Of their own agency's indicators only: the pages and the API check the agency as well.
        permissions=("indicators.view_indicator", "indicators.add_observation"),
        start=_(
            "Open Submit values to see the indicators your agency is responsible for and send their "
            "values, with a form or a file."
        ),
    ),
    Role(
        "lmis_admin",
        _("National LMIS administrator"),
        Scope.COUNTRY,
        _("Manages users and roles, tables, publication approval and the public site."),
        privileged=True,
        admin_site=True,
        permissions=(
            *USER_ADMINISTRATION,
            # Who downloaded which records (clmis.audit.Export).
            "audit.view_export",
            *PERSONAL_DATA_RETENTION,
            *TABLE_MAINTENANCE,
            *CUSTOMISATION,
            *INDICATOR_PACKAGE,
            *NEWS,
            # Publication approval (ARCHITECTURE §2): the national LMIS administrator's.
            "indicators.approve_observation",
            # Who submits for which partner agency.
            "indicators.view_agencymember",
            "indicators.add_agencymember",
            "indicators.delete_agencymember",
            "tenants.manage_modules",
            *EXTENSION_SUBMISSION,
        ),
        start=_(
            "Start with Settings: the modules your department uses, its site and its languages. Then "
            "Users and roles, to give your colleagues their roles."
        ),
    ),
    Role(
        "hub_admin",
        _("Hub administrator"),
        Scope.HUB,
        _("Manages countries, the indicator catalogue, releases and service-provider accreditation."),
        privileged=True,
        admin_site=True,
        permissions=(
            *USER_ADMINISTRATION,
            "tenants.view_country",
            "tenants.add_country",
            "tenants.change_country",
            "tenants.manage_modules",
            *PROVIDER_ACCREDITATION,
            *CATALOGUE_KEEPING,
            *REGIONAL_ANALYSIS,
            *RELEASE_TRAIN,
            *EXTENSION_REVIEW,
        ),
        start=_(
            "Open Countries to see the countries of the region and add one; Releases rolls out upgrades, "
            "and Service providers accredits the companies that support the countries."
        ),
    ),
    Role(
        "regional_analyst",
        _("Regional analyst"),
        Scope.HUB,
        _("Reads all harmonised data sent to the hub, coverage and comparisons."),
        permissions=("tenants.view_country", *REGIONAL_ANALYSIS),
        start=_(
            "Open Coverage to see which countries sent which indicators, then Compare countries; Data "
            "requests ask the countries for the values that are missing."
        ),
    ),
    Role(
        "service_provider",
        _("Service provider"),
        Scope.HUB,
        _("Configures the countries they are assigned to, from the hub console."),
        privileged=True,
        permissions=("tenants.view_country", "tenants.use_provider_console", *EXTENSION_SUBMISSION),
        start=_("Open Console and choose one of the countries assigned to you to configure it."),
    ),
)
ROLES_BY_KEY = {role.key: role for role in ROLES}


def roles_for_scope(scope: Scope) -> tuple[Role, ...]:
    return tuple(role for role in ROLES if role.scope == scope)


def current_scope() -> Scope:
    """The scope of the schema the connection is in: the hub for public, a country otherwise."""
    return Scope.HUB if connection.schema_name == get_public_schema_name() else Scope.COUNTRY


def roles_of(user) -> list[Role]:
    """The user's roles, read once per user object (one query)."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_clmis_roles"):
        keys = set(user.groups.values_list("name", flat=True))
        user._clmis_roles = [role for role in ROLES if role.key in keys]
    return user._clmis_roles


def is_privileged(user) -> bool:
    return user.is_authenticated and (user.is_superuser or any(role.privileged for role in roles_of(user)))


def may_use_admin_site(user) -> bool:
    return user.is_active and (user.is_superuser or any(role.admin_site for role in roles_of(user)))


def role_grants(scope: Scope, modules: Iterable = ()) -> dict[str, set[str]]:
    """Each role's permissions: the platform's own plus the default grants of the modules given.

    `modules` are the ModuleConfigs enabled where the roles live (none at the hub or in the template):
    a disabled module's permissions are held by nobody there.
    """
    grants = {role.key: set(role.permissions) for role in roles_for_scope(scope)}
    for config in modules:
        for permission, role_keys in config.manifest.grants.items():
            for key in role_keys:
                if key in grants:
                    grants[key].add(permission)
    return grants


def roles_sync(scope: Scope | None = None, modules: Iterable = ()) -> list[Group]:
    """Create (or correct) the groups of the scope's roles in the current schema, with their permissions."""
    groups = []
    for key, permissions in role_grants(scope or current_scope(), modules).items():
        group, _created = Group.objects.get_or_create(name=key)
        group.permissions.set(_permissions(permissions))
        groups.append(group)
    return groups


def schemas_with_stale_roles(expected: dict[str, dict[str, set[str]]]) -> list[str]:
    """The schemas whose role groups differ from `expected` (schema -> role_grants()), in one query.

    Role definitions and module grants change with the code or with a country's choice of modules,
    not with migrations: migrate_schemas calls this and re-syncs only the schemas that need it.
    """
    schemas = list(expected)
    if not schemas:
        return []
    quote = connection.ops.quote_name
    # Schema names are quoted identifiers of schemas the caller read from the catalogue.
    union = " UNION ALL ".join(
        f"SELECT %s, g.name, ct.app_label || '.' || p.codename FROM {quote(s)}.auth_group g "  # noqa: S608
        f"LEFT JOIN {quote(s)}.auth_group_permissions gp ON gp.group_id = g.id "
        f"LEFT JOIN {quote(s)}.auth_permission p ON p.id = gp.permission_id "
        f"LEFT JOIN {quote(s)}.django_content_type ct ON ct.id = p.content_type_id"
        for s in schemas
    )
    granted: dict[str, dict[str, set[str]]] = {schema: {} for schema in schemas}
    with connection.cursor() as cursor:
        cursor.execute(union, schemas)
        for schema, group, permission in cursor.fetchall():
            permissions = granted[schema].setdefault(group, set())
            if permission:
                permissions.add(permission)
    return [
        schema
        for schema in schemas
        if any(granted[schema].get(key) != permissions for key, permissions in expected[schema].items())
    ]


def _permissions(codes: Iterable[str]) -> list[Permission]:
    wanted = {tuple(code.split(".", 1)) for code in codes}
    if not wanted:
        return []
    found = _find_permissions(wanted)
    missing = wanted - set(found)
    # Permissions of apps migrated after this one in the same run do not exist yet.
    for app_label in {app_label for app_label, _codename in missing}:
        create_permissions(apps.get_app_config(app_label), verbosity=0)
    if missing:
        found = _find_permissions(wanted)
        missing = wanted - set(found)
    if missing:
        raise ImproperlyConfigured(f"Roles grant unknown permissions: {sorted(missing)}")
    return list(found.values())


def _find_permissions(wanted: set[tuple[str, str]]) -> dict[tuple[str, str], Permission]:
    query = Q()
    for app_label, codename in wanted:
        query |= Q(content_type__app_label=app_label, codename=codename)
    return {
        (perm.content_type.app_label, perm.codename): perm
        for perm in Permission.objects.filter(query).select_related("content_type")
    }
