"""What every page's frame shows: whose site it is, who is signed in, in which role, and the menu."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from clmis.accounts.roles import may_use_admin_site, roles_of
from clmis.i18n import languages_offered
from modules.configuration.selectors import provider_changes_unread
from modules.country_settings.selectors import country_settings
from modules.labels.selectors import labels_in
from modules.labels.targets import menu_target
from modules.registry import installed_modules
from regional_hub.data_requests.selectors import requests_open_count


@dataclass(frozen=True)
class MenuEntry:
    label: Promise | str
    url: str
    # What is new there for the user (shown as a count beside the label), such as unread notices.
    new: int = 0


def menu_for(request: HttpRequest) -> list[MenuEntry]:
    """The menu of the signed-in user: the enabled modules of their country, or the hub's sections."""
    user = request.user
    if not user.is_authenticated:
        return []
    entries = []
    if getattr(request, "country", None) is None:
        if user.has_perm("tenants.view_country"):
            entries.append(MenuEntry(_("Countries"), reverse("countries:list")))
            entries.append(MenuEntry(_("Modules"), reverse("modules")))
        if user.has_perm("catalogue.view_harmonisedindicator"):
            entries.append(MenuEntry(_("Harmonised catalogue"), reverse("catalogue:list")))
        if user.has_perm("facts.view_fact"):
            entries.append(MenuEntry(_("Coverage"), reverse("facts:coverage")))
            entries.append(MenuEntry(_("Compare countries"), reverse("facts:comparison")))
        if user.has_perm("data_requests.view_datarequest"):
            entries.append(MenuEntry(_("Data requests"), reverse("data_requests:list")))
        if user.has_perm("releases.view_release"):
            entries.append(MenuEntry(_("Releases"), reverse("releases:list")))
        if user.has_perm("extensions.view_extension"):
            entries.append(MenuEntry(_("Extensions"), reverse("extensions:list")))
        if user.has_perm("tenants.view_serviceprovider"):
            entries.append(MenuEntry(_("Service providers"), reverse("providers:list")))
        if user.has_perm("tenants.use_provider_console"):
            entries.append(MenuEntry(_("Console"), reverse("console:home")))
    else:
        entries.extend(_module_entries(request))
        entries.append(MenuEntry(_("Reports"), reverse("reports:list")))
        if user.has_perm("indicators.view_indicator"):
            entries.append(MenuEntry(_("Indicators"), reverse("indicators:list")))
        if user.has_perm("indicators.add_observation"):
            entries.append(MenuEntry(_("Submit values"), reverse("indicators:submit")))
        if user.has_perm("indicators.approve_observation"):
            entries.append(MenuEntry(_("Values to approve"), reverse("indicators:values")))
            entries.append(
                MenuEntry(
                    _("Requests from the hub"),
                    reverse("indicators:hub-requests"),
                    new=requests_open_count(request.country),
                )
            )
        if user.has_perm("news.view_article"):
            entries.append(MenuEntry(_("News and analysis"), reverse("news:list")))
        entries.append(MenuEntry(_("Code tables"), reverse("reference:tables")))
        if settings_pages(user):
            entries.append(MenuEntry(_("Settings"), reverse("settings")))
        if user.has_perm("configuration.view_providerchangenotice"):
            entries.append(
                MenuEntry(
                    _("Provider changes"), reverse("provider-changes"), new=provider_changes_unread(user)
                )
            )
    if may_use_admin_site(user):
        entries.append(MenuEntry(_("Users and roles"), reverse("admin:index")))
    return entries


@dataclass(frozen=True)
class SettingsPage:
    label: Promise | str
    description: Promise | str
    url_name: str
    permission: str


# What a country makes its own (issue 6), each for those holding the permission: one menu entry
# leads to them all.
SETTINGS = (
    SettingsPage(
        _("Modules"), _("The modules the Department uses."), "country-modules", "tenants.manage_modules"
    ),
    SettingsPage(
        _("Custom fields"),
        _("Fields of the country's own on any kind of record: forms, pages, lists, exports, API."),
        "custom_fields:list",
        "custom_fields.view_customfield",
    ),
    SettingsPage(
        _("Labels"),
        _("The country's own words for fields and menu entries, language by language."),
        "labels:list",
        "labels.view_label",
    ),
    SettingsPage(
        _("Workflows"),
        _("Optional states of each kind of case, and deadlines in days."),
        "workflows:list",
        "casework.change_statedeadline",
    ),
    SettingsPage(
        _("Letters"),
        _("The wording of letters and statements, previewed on real cases."),
        "letter_settings:list",
        "casework.view_lettertemplate",
    ),
    SettingsPage(
        _("Numbering"),
        _("The patterns of reference numbers and permit numbers."),
        "numbering_settings:list",
        "casework.view_numberingrule",
    ),
    SettingsPage(
        _("Country settings"),
        _("The site's name, logo, colours and footer; languages; the disclosure threshold."),
        "country-settings",
        "country_settings.change_countrysettings",
    ),
    SettingsPage(
        _("Extensions"),
        _("Modules the country wrote, submitted to the regional hub for review."),
        "extension_submissions:list",
        "extensions.submit_extension",
    ),
    SettingsPage(
        _("Configuration"),
        _("All of the above as one file: download it, or apply another country's after a dry run."),
        "configuration:page",
        "configuration.view_configurationimport",
    ),
)


def settings_pages(user) -> list[SettingsPage]:
    return [page for page in SETTINGS if user.has_perm(page.permission)]


@dataclass(frozen=True)
class ModuleLink:
    title: Promise | str
    description: Promise | str
    url: str


def modules_for(request: HttpRequest) -> list[ModuleLink]:
    """The enabled modules of the request's country that the user may open, for the start page."""
    links = []
    for config in installed_modules():
        if config.manifest.key not in request.modules:
            continue
        entry = next(
            (e for e in config.manifest.menu if not e.permission or request.user.has_perm(e.permission)), None
        )
        if entry is not None:
            links.append(
                ModuleLink(config.manifest.title, config.manifest.description, reverse(entry.url_name))
            )
    return links


def _module_entries(request: HttpRequest) -> list[MenuEntry]:
    """The menu entries of the modules enabled in the request's country, as far as the user may use them."""
    entries = []
    wording = labels_in(get_language())
    for config in installed_modules():
        if config.manifest.key in request.modules:
            for entry in config.manifest.menu:
                if not entry.permission or request.user.has_perm(entry.permission):
                    label = wording.get(menu_target(entry.url_name), (entry.label,))[0]
                    entries.append(MenuEntry(label, reverse(entry.url_name)))
    return entries


def context(request: HttpRequest) -> dict:
    country = getattr(request, "country", None)
    if not hasattr(request, "tenant"):
        return {"site_languages": languages_offered(request)}
    settings = country_settings() if country is not None else None
    return {
        "site_country": country,
        "site_settings": settings,
        "site_languages": languages_offered(request),
        "site_name": (settings.site_name or country.name) if country else _("Regional hub"),
        "site_roles": roles_of(request.user) if hasattr(request, "user") else [],
        "site_menu": menu_for(request) if hasattr(request, "user") else [],
    }
