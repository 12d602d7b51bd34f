"""What this deployment has installed of an extension: read from the package's metadata and its
installed app, never from what a submitter types. The hub reviews only what it can run."""

from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, distribution, entry_points
from pathlib import Path

from django.apps import apps

from modules.discovery import GROUP
from modules.manifest import ModuleConfig


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    # The SPDX expression the metadata declares (License-Expression, else a one-word License); "" if none.
    licence: str
    # The AppConfig paths the package announces in the entry-point group clmis.modules.
    announced: tuple[str, ...]

    @property
    def config(self) -> ModuleConfig | None:
        """The installed app of the module the package announces (its first, if it announces several)."""
        return config_at(self.announced[0]) if self.announced else None

    @property
    def path(self) -> Path | None:
        config = self.config
        return Path(config.path) if config is not None else None


def package_installed(name: str) -> Package | None:
    """The installed distribution of that name (spelt with - or _, any case), or None."""
    try:
        found = distribution(name.strip())
    except (PackageNotFoundError, ValueError):
        return None
    metadata = found.metadata
    licence = metadata.get("License-Expression") or ""
    if not licence and len((metadata.get("License") or "").split()) == 1:
        licence = metadata["License"]
    return Package(
        name=metadata["Name"],
        version=found.version,
        licence=licence.strip(),
        announced=tuple(point.value for point in found.entry_points if point.group == GROUP),
    )


def package_of(config: ModuleConfig) -> Package | None:
    """The installed package that announces the module, or None for one that is part of the platform."""
    name = _announcers().get(config_path(config))
    return package_installed(name) if name else None


def config_path(config: ModuleConfig) -> str:
    return f"{type(config).__module__}.{type(config).__qualname__}"


def config_at(path: str) -> ModuleConfig | None:
    """The installed app whose AppConfig class is at `path` (as the entry point names it)."""
    return next(
        (c for c in apps.get_app_configs() if config_path(c) == path and isinstance(c, ModuleConfig)), None
    )


@cache
def _announcers() -> dict[str, str]:
    # What is installed does not change while the process runs: the settings read the same list.
    return {point.value: point.dist.name for point in entry_points(group=GROUP) if point.dist is not None}


def packages_installed() -> list[Package]:
    """Every installed package that announces a module, by name (what can be submitted here)."""
    found = (package_installed(name) for name in sorted(set(_announcers().values())))
    return [package for package in found if package is not None]
