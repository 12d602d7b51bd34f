"""Reads about extensions: the hub's lists, a country's submissions, and what the module pages say of a
contributed module (who contributed it, since which release, whether countries may enable it)."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from modules.manifest import ModuleConfig
from modules.reference import iso3166
from regional_hub.extensions.models import Extension, ExtensionCheck
from regional_hub.extensions.packages import package_of
from regional_hub.releases.models import version_key
from tenants.models import Country


def extensions_matching(
    *, state: str = "", country: Country | None = None, q: str = ""
) -> QuerySet[Extension]:
    extensions = Extension.objects.select_related("country", "release")
    if state:
        extensions = extensions.filter(state=state)
    if country is not None:
        extensions = extensions.filter(country=country)
    if q:
        extensions = extensions.filter(Q(distribution__icontains=q) | Q(module__icontains=q))
    return extensions


def extensions_of(country: Country) -> QuerySet[Extension]:
    """A country's submissions, newest first (read on its own site and at the console)."""
    return Extension.objects.filter(country=country).select_related("release")


def checks_of(extension: Extension) -> list[ExtensionCheck]:
    """The checklist in the order it is read."""
    order = list(ExtensionCheck.Item.values)
    return sorted(extension.checks.all(), key=lambda check: order.index(check.item))


@dataclass(frozen=True)
class Contribution:
    """A module a country contributed: by whom, the release it first shipped in ("" while it has not),
    and whether the version installed here was accepted, which is what lets a country enable it."""

    country: str
    since: str
    shipped: bool
    version: str


def contribution_of(config: ModuleConfig) -> Contribution | None:
    """None for the platform's own modules."""
    return contributions([config]).get(config.manifest.key)


def contributions(configs: list[ModuleConfig]) -> dict[str, Contribution]:
    """Module key -> its Contribution, for the contributed modules among `configs` (two queries)."""
    contributed = [config for config in configs if config.manifest.contributed_by != "core"]
    if not contributed:
        return {}
    with schema_context(get_public_schema_name()):
        accepted = list(
            Extension.objects.filter(
                state=Extension.State.ACCEPTED, module__in=[c.manifest.key for c in contributed]
            ).values_list("module", "version", "release__version")
        )
        names = dict(
            Country.objects.filter(
                schema_name__in=[c.manifest.contributed_by for c in contributed]
            ).values_list("schema_name", "name")
        )
    found = {}
    for config in contributed:
        key, code = config.manifest.key, config.manifest.contributed_by
        package = package_of(config)
        releases = sorted((release for module, _v, release in accepted if module == key), key=version_key)
        versions = {version for module, version, _r in accepted if module == key}
        iso = iso3166.by_alpha2(code)
        found[key] = Contribution(
            country=names.get(code) or (iso.name if iso else code),
            since=releases[0] if releases else "",
            shipped=package is not None and package.version in versions,
            version=package.version if package is not None else config.manifest.version,
        )
    return found


def enable_refusal(config: ModuleConfig) -> str | None:
    """Why a country may not enable the module yet, or None: a contributed module is enabled only once
    the hub has accepted the version installed here into a release."""
    contribution = contribution_of(config)
    if contribution is None or contribution.shipped:
        return None
    return _(
        "%(module)s %(version)s, contributed by %(country)s, has not been accepted into a release by the "
        "regional hub: it cannot be enabled yet."
    ) % {"module": config.manifest.title, "version": contribution.version, "country": contribution.country}
