"""The checklist of an extension's review, computed from the installed package where it can be.

Each check answers passed, failed, or "" where only a person can tell (tests, code run by a
migration); the reviewer confirms or overrides what was computed, with findings. docs/extensions.md
says what each check looks at and why.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import migrations
from django.db.migrations.autodetector import MigrationAutodetector
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.state import ProjectState
from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from packaging.specifiers import InvalidSpecifier, SpecifierSet

from clmis import RELEASE
from modules.manifest import ModuleConfig
from modules.registry import installed_modules, manifest_problems, module_by_key
from regional_hub.extensions.models import ExtensionCheck
from regional_hub.extensions.packages import Package, config_path

Item = ExtensionCheck.Item
PASSED, FAILED, UNDECIDED = ExtensionCheck.Outcome.PASSED, ExtensionCheck.Outcome.FAILED, ""

# Licences under which the region can ship a country's module to every other country with the
# platform: open-source licences whose terms the hub can meet by publishing the release's sources.
# Strong copyleft licences of other families (GPL, AGPL) are left out until the region decides the
# licence of the whole deployment; anything proprietary is refused.
LICENCES_ACCEPTED = (
    "EUPL-1.2",
    "Apache-2.0",
    "MIT",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "ISC",
    "MPL-2.0",
)
# The shared models an extension's models may refer to, besides its own and those of the modules its
# manifest depends on (which are enabled wherever it is): the code tables, the country's users, and
# the case-work core a case type extends. Everything else is another module's or the platform's.
RELATED_ALLOWED = ("reference.code", "reference.classification", "casework.case")
MODULE_KEY = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
# What SQL may not name: another schema (the hub's tables, or another country's).
SQL_SCHEMA = re.compile(r"\b(public|country_template|pg_catalog|information_schema)\s*\.", re.IGNORECASE)


@dataclass(frozen=True)
class Computed:
    item: str
    outcome: str
    findings: str


def checks_compute(package: Package, *, country_code: str, licence: str) -> list[Computed]:
    """Every item of the checklist, as far as the installed package tells."""
    config = package.config
    manifest = _outcome(
        Item.MANIFEST,
        manifest_problems_of(package, country_code=country_code),
        _("%(path)s is found through its entry point and installed; its manifest is complete.")
        % {"path": package.announced[0] if package.announced else ""},
    )
    if config is None:
        # Without its app nothing else can be read from the package.
        unreadable = _("The package's module is not installed: nothing more can be read from it.")
        return [manifest] + [
            Computed(item, FAILED if item != Item.TESTS else UNDECIDED, unreadable)
            for item in Item.values
            if item != Item.MANIFEST
        ]
    return [
        manifest,
        _outcome(
            Item.PLATFORM,
            platform_problems(config.manifest.platform),
            _("The range %(range)s includes the running release %(release)s.")
            % {"range": config.manifest.platform, "release": RELEASE},
        ),
        _migrations(config),
        _tests(config),
        _translations(config),
        _isolation(config),
        _licence(package, licence),
    ]


def manifest_problems_of(package: Package, *, country_code: str) -> list[str]:
    """What is wrong with the module the package announces: found, installed, a valid manifest with what
    a contributed module must say. Empty when it is fine."""
    if not package.announced:
        return [_("The package announces no module: it needs an entry point in the group clmis.modules.")]
    if len(package.announced) > 1:
        return [_("The package announces several modules; submit one package per module.")]
    config = package.config
    if config is None:
        return [
            _(
                "%(path)s, which the package announces, is not an installed module: the deployment must be "
                "restarted after the package is installed, and the path must name a ModuleConfig."
            )
            % {"path": package.announced[0]}
        ]
    manifest = config.manifest
    problems = [
        problem.msg
        for problem in manifest_problems(installed_modules())
        if repr(manifest.key) in problem.msg or problem.id == "modules.E003"
    ]
    if not MODULE_KEY.match(manifest.key):
        problems.append(
            _("The key %(key)s must be lower-case letters, digits and _, starting with a letter.")
            % {"key": manifest.key}
        )
    for name in ("title", "version", "description"):
        if not str(getattr(manifest, name)).strip():
            problems.append(_("The manifest gives no %(field)s.") % {"field": name})
    if manifest.contributed_by == "core":
        problems.append(_("The manifest says the module is core: a contributed module names its country."))
    elif manifest.contributed_by != country_code:
        problems.append(
            _("The manifest names %(named)s as the contributing country, not %(country)s.")
            % {"named": manifest.contributed_by, "country": country_code}
        )
    if manifest.default_enabled:
        problems.append(
            _("A contributed module is enabled by each country that wants it: set default_enabled=False.")
        )
    for dotted in (manifest.urls, manifest.api_urls):
        if dotted and not _imports(dotted, module=True):
            problems.append(_("%(path)s, named in the manifest, cannot be imported.") % {"path": dotted})
    for dotted in (manifest.demo, *manifest.reports, *manifest.indicators):
        if dotted and not _imports(dotted, module=False):
            problems.append(_("%(path)s, named in the manifest, cannot be imported.") % {"path": dotted})
    for entry in manifest.menu:
        try:
            reverse(entry.url_name, urlconf="clmis.urls.country")
        except NoReverseMatch:
            problems.append(
                _("The menu names the page %(name)s, which the module's URLs do not have.")
                % {"name": entry.url_name}
            )
    return problems


def platform_problems(platform: str) -> list[str]:
    """Why the range of platform releases is not one the running release is in (empty if it is)."""
    if not platform.strip():
        return [_('The manifest gives no range of platform releases (platform=">=2026.1,<2028").')]
    try:
        releases = SpecifierSet(platform)
    except InvalidSpecifier:
        return [_("%(range)s is not a range of releases such as >=2026.1,<2028.") % {"range": platform}]
    if not releases.contains(RELEASE, prereleases=True):
        return [
            _("The range %(range)s leaves out the running release %(release)s.")
            % {"range": platform, "release": RELEASE}
        ]
    return []


def release_in_range(version: str, platform: str) -> bool:
    try:
        return SpecifierSet(platform).contains(version, prereleases=True)
    except InvalidSpecifier:
        return False


@dataclass(frozen=True)
class OperationsReview:
    """What a module's migrations do to the database: how much, what cannot be undone, what reaches
    outside its own tables, and what only a person can judge (code they run)."""

    operations: int
    irreversible: tuple[str, ...]
    outside: tuple[str, ...]
    to_read: tuple[str, ...]


def operations_review(migrations_: list, *, label: str, allowed_apps: set[str]) -> OperationsReview:
    """Review migrations (Django Migration objects of the app `label`) operation by operation."""
    allowed = {*RELATED_ALLOWED, settings.AUTH_USER_MODEL.lower()}
    others = {
        model._meta.db_table.lower()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label != label
    }
    count, irreversible, outside, to_read = 0, [], [], []
    for migration in migrations_:
        name = migration.name
        for operation in _database_operations(migration.operations):
            count += 1
            if not operation.reversible:
                irreversible.append(
                    _("%(migration)s: “%(operation)s” cannot be reversed (give it reverse code or SQL).")
                    % {"migration": name, "operation": operation.describe()}
                )
            if isinstance(operation, migrations.RunSQL):
                sql = _sql_text(operation).lower()
                named = sorted(table for table in others if re.search(rf"\b{re.escape(table)}\b", sql))
                if named or SQL_SCHEMA.search(sql):
                    outside.append(
                        _("%(migration)s runs SQL on tables that are not the module's: %(tables)s.")
                        % {"migration": name, "tables": ", ".join(named) or _("another schema")}
                    )
            elif isinstance(operation, migrations.RunPython):
                to_read.append(
                    _("%(migration)s runs Python code (%(code)s): read it, code can reach any table.")
                    % {"migration": name, "code": operation.code.__qualname__}
                )
            for target in _operation_targets(operation):
                if target.split(".", 1)[0].lower() not in allowed_apps and target.lower() not in allowed:
                    outside.append(
                        _("%(migration)s refers to %(target)s, which belongs to another module.")
                        % {"migration": name, "target": target}
                    )
    return OperationsReview(count, tuple(irreversible), tuple(outside), tuple(to_read))


def _own_migrations(config: ModuleConfig) -> tuple[MigrationLoader, list]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    own = [
        migration
        for (label, _name), migration in sorted(loader.disk_migrations.items())
        if label == config.label
    ]
    return loader, own


def _allowed_apps(config: ModuleConfig) -> set[str]:
    """Its own app and those of the modules it depends on (enabled wherever it is)."""
    needed = (module_by_key(key) for key in config.manifest.depends_on)
    return {config.label} | {dependency.label for dependency in needed if dependency is not None}


def _migrations(config: ModuleConfig) -> Computed:
    loader, own = _own_migrations(config)
    problems = []
    if not own and any(model._meta.managed for model in config.get_models()):
        problems.append(_("The module has models but no migrations."))
    reviewed = operations_review(own, label=config.label, allowed_apps=_allowed_apps(config))
    problems.extend(reviewed.irreversible)
    changes = MigrationAutodetector(loader.project_state(), ProjectState.from_apps(apps)).changes(
        graph=loader.graph, trim_to_apps={config.label}, convert_apps={config.label}
    )
    if changes.get(config.label):
        problems.append(_("The models have changes that no migration makes: run makemigrations."))
    return _outcome(
        Item.MIGRATIONS,
        problems,
        ngettext(
            "%(migrations)d migration, with %(operations)d operations on the database, all reversible.",
            "%(migrations)d migrations, with %(operations)d operations on the database, all reversible.",
            len(own),
        )
        % {"migrations": len(own), "operations": reviewed.operations},
    )


def _tests(config: ModuleConfig) -> Computed:
    # Running a package's tests needs a test database and the platform's development tools, which a
    # deployment does not have: the reviewer runs them and records the outcome.
    folder = _source_root(config) / "tests"
    if folder.is_dir():
        found = _(
            "Its tests are at %(folder)s: run “python -m pytest %(folder)s” from a checkout of the "
            "platform and record the outcome."
        ) % {"folder": folder}
    else:
        found = _(
            "The installed package carries no tests: run them from its source, at the tag or commit "
            "submitted, with the platform's test setup, and record the outcome."
        )
    return Computed(Item.TESTS, UNDECIDED, found)


def _translations(config: ModuleConfig) -> Computed:
    problems, found = [], []
    locale = Path(config.path) / "locale"
    for code, name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue  # the source language of the strings
        catalogue = locale / code / "LC_MESSAGES" / "django.mo"
        count = _messages_in(catalogue)
        if count is None:
            problems.append(
                _("No compiled catalogue for %(language)s (locale/%(code)s/LC_MESSAGES/django.mo).")
                % {"language": name, "code": code}
            )
        elif count == 0:
            problems.append(_("The catalogue for %(language)s translates nothing.") % {"language": name})
        else:
            found.append(f"{code}: {count}")
    return _outcome(
        Item.TRANSLATIONS,
        problems,
        _("Messages translated per language: %(counts)s.") % {"counts": ", ".join(found)},
    )


def _isolation(config: ModuleConfig) -> Computed:
    label, problems = config.label, []
    if {label, config.name, config_path(config)} & set(settings.SHARED_APPS):
        problems.append(_("The module is among the hub's apps: its tables would be in the hub's schema."))
    allowed_apps = _allowed_apps(config)
    allowed = {*RELATED_ALLOWED, settings.AUTH_USER_MODEL.lower()}
    for model in config.get_models(include_auto_created=True):
        if not model._meta.db_table.startswith(f"{label}_"):
            problems.append(
                _("%(model)s is stored in the table %(table)s, which is not one of the module's own.")
                % {"model": model.__name__, "table": model._meta.db_table}
            )
        for field in [*model._meta.fields, *model._meta.many_to_many]:
            target = field.related_model
            if target is None or isinstance(target, str):
                continue
            if target._meta.app_label not in allowed_apps and target._meta.label_lower not in allowed:
                problems.append(
                    _("%(model)s.%(field)s refers to %(target)s, which belongs to another module.")
                    % {"model": model.__name__, "field": field.name, "target": target._meta.label}
                )
    for permission in config.manifest.grants:
        if permission.split(".", 1)[0] != label:
            problems.append(
                _("The manifest grants %(permission)s, a permission of another app.")
                % {"permission": permission}
            )
    _loader, own = _own_migrations(config)
    reviewed = operations_review(own, label=label, allowed_apps=allowed_apps)
    problems.extend(reviewed.outside)
    if problems:
        return Computed(Item.ISOLATION, FAILED, "\n".join(dict.fromkeys(problems)))
    summary = _("Its models, their relations, its grants and its migrations stay within its own tables.")
    return Computed(
        Item.ISOLATION, UNDECIDED if reviewed.to_read else PASSED, "\n".join([summary, *reviewed.to_read])
    )


def _licence(package: Package, licence: str) -> Computed:
    problems = []
    if licence not in LICENCES_ACCEPTED:
        problems.append(
            _("%(licence)s is not among the licences the region accepts: %(accepted)s.")
            % {"licence": licence or "—", "accepted": ", ".join(LICENCES_ACCEPTED)}
        )
    if package.licence and package.licence != licence:
        problems.append(
            _("The package declares %(declared)s, not %(licence)s.")
            % {"declared": package.licence, "licence": licence}
        )
    return _outcome(
        Item.LICENCE, problems, _("%(licence)s, declared by the package, is accepted.") % {"licence": licence}
    )


def _outcome(item: str, problems: list[str], fine: str = "") -> Computed:
    return Computed(item, FAILED, "\n".join(problems)) if problems else Computed(item, PASSED, fine)


def _database_operations(operations) -> Iterator[migrations.operations.base.Operation]:
    """The operations that touch the database (those of SeparateDatabaseAndState's database side)."""
    for operation in operations:
        if isinstance(operation, migrations.SeparateDatabaseAndState):
            yield from _database_operations(operation.database_operations)
        else:
            yield operation


def _operation_targets(operation) -> list[str]:
    """The models ("app.Model") that the fields a migration adds or changes refer to."""
    if isinstance(operation, migrations.CreateModel):
        fields = [field for _name, field in operation.fields]
    elif isinstance(operation, migrations.AddField | migrations.AlterField):
        fields = [operation.field]
    else:
        return []
    targets = []
    for field in fields:
        remote = getattr(field, "remote_field", None)
        if remote is None:
            continue
        model = remote.model
        targets.append(model if isinstance(model, str) else model._meta.label)
    return [target for target in targets if "." in target]


def _sql_text(operation: migrations.RunSQL) -> str:
    parts = []
    for sql in (operation.sql, operation.reverse_sql):
        if isinstance(sql, str):
            parts.append(sql)
        elif sql:
            parts.extend(part if isinstance(part, str) else part[0] for part in sql)
    return "\n".join(parts)


def _messages_in(catalogue) -> int | None:
    """How many messages a compiled gettext catalogue translates (its header not counted); None if
    there is no such file or it is not one."""
    try:
        data = catalogue.read_bytes()
    except OSError:
        return None
    if len(data) < 12:
        return None
    magic = int.from_bytes(data[:4], "little")
    order = "little" if magic == 0x950412DE else "big" if magic == 0xDE120495 else None
    if order is None:
        return None
    return max(int.from_bytes(data[8:12], order) - 1, 0)


def _source_root(config: ModuleConfig) -> Path:
    """The folder holding the package: its pyproject.toml and tests in a source checkout."""
    return Path(config.path).parent


def _imports(dotted: str, *, module: bool) -> bool:
    try:
        import_module(dotted) if module else import_string(dotted)
    except Exception:  # whatever stops it importing, the finding is the same
        return False
    return True
