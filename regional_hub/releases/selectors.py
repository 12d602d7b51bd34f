from dataclasses import dataclass

from django.db.models import Count, QuerySet

from modules.manifest import ModuleConfig
from modules.registry import installed_modules
from regional_hub.releases.models import Release, Rollout, RolloutCountry, version_key
from tenants.migration_state import schemas_behind
from tenants.models import Country
from tenants.selectors import modules_enabled_in


def rollout_progress(rollout: Rollout) -> QuerySet[RolloutCountry]:
    return rollout.countries.select_related("country").order_by("wave", "country__name")


def upgrades_of(country: Country) -> QuerySet[RolloutCountry]:
    """The country's upgrades, newest first (for its page at the hub)."""
    return country.upgrades.select_related("rollout__release").order_by("-rollout__created_at", "-pk")


@dataclass(frozen=True)
class ReleaseUse:
    release: Release
    countries: int


def releases_in_use() -> list[ReleaseUse]:
    """Every release, newest first, with how many countries are on it (one query each)."""
    on = dict(Country.objects.values_list("release").annotate(n=Count("pk")).values_list("release", "n"))
    releases = sorted(Release.objects.all(), key=lambda release: version_key(release.version), reverse=True)
    return [ReleaseUse(release, on.get(release.version, 0)) for release in releases]


@dataclass(frozen=True)
class ReleaseNews:
    release: Release
    # The modules new in the release that the country has not enabled (yet).
    modules: list[ModuleConfig]


def release_news(country: Country) -> ReleaseNews | None:
    """The release the country is on, with its notes and the new modules the country may enable."""
    release = Release.objects.filter(version=country.release).first()
    if release is None:
        return None
    enabled = {config.manifest.key for config in modules_enabled_in(country)}
    new = [
        config
        for config in installed_modules()
        if config.manifest.key in release.new_modules and config.manifest.key not in enabled
    ]
    return ReleaseNews(release, new)


def countries_behind() -> list[Country]:
    """The countries whose schema lacks a migration of the running code (one query over all schemas)."""
    countries = list(Country.objects.order_by("name"))
    behind = set(schemas_behind([country.schema_name for country in countries]))
    return [country for country in countries if country.schema_name in behind]
