"""What a module says about itself. Data only: nothing here runs when a module is imported."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.apps import AppConfig
from django.utils.functional import Promise


@dataclass(frozen=True)
class MenuEntry:
    """A link in the country's menu, shown to users holding the permission (if one is named)."""

    label: Promise | str
    url_name: str
    permission: str = ""


@dataclass(frozen=True)
class CodeTable:
    """A national code table a module codes with (complaint categories, injury types...): created with
    these codes, in the country's language, where the module is enabled; the country extends it."""

    key: str
    title: Promise | str
    codes: tuple[tuple[str, Promise | str], ...] = ()
    # The harmonised table its codes map to, if any.
    maps_to: str = ""


@dataclass(frozen=True)
class Manifest:
    key: str
    title: Promise | str
    version: str
    form: str = ""
    # "core", or the ISO code of the country that contributed the module.
    contributed_by: str = "core"
    # The platform releases (clmis.RELEASE) a contributed module works with, as a PEP 440 specifier such
    # as ">=2026.1,<2028"; the hub refuses one whose range leaves out the running release. Core modules
    # leave it empty: they are the release.
    platform: str = ""
    depends_on: tuple[str, ...] = ()
    # "app_label.codename" -> the roles granted it by default in every country that enables the module.
    grants: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    menu: tuple[MenuEntry, ...] = ()
    # Dotted paths of the URLconfs mounted at /<key>/ and /api/v1/<key>/ in a country.
    urls: str = ""
    api_urls: str = ""
    # National code tables the module needs (see CodeTable).
    tables: tuple[CodeTable, ...] = ()
    # Dotted paths of the module's report tables (modules.reports.tables.StatisticalTable/WorkflowTable).
    reports: tuple[str, ...] = ()
    # Dotted paths of the module's indicator computations (modules.indicators.computing.Computation).
    indicators: tuple[str, ...] = ()
    # (template key, label) of the letters a case of this module can produce, e.g.
    # ("complaints/acknowledgment", _("Acknowledgment")); shipped as templates/letters/<key>.html.
    letters: tuple[tuple[str, Promise | str], ...] = ()
    # Dotted path of a function(country) that adds the module's demo records (idempotent), run by
    # `clmis demo load` inside the country's schema after the modules it depends on.
    demo: str = ""
    # Enabled in a new country unless the country chooses otherwise.
    default_enabled: bool = True
    description: Promise | str = ""


class ModuleConfig(AppConfig):
    """The AppConfig of a module: a Django app that carries a manifest."""

    manifest: Manifest
    # Imported into every module's apps.py: Django must pick the module's own config, not this base.
    default = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.default = True
