"""What every page's frame shows: whose site it is, who is signed in, in which role, and the menu."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from clmis.accounts.roles import may_use_admin_site, roles_of


@dataclass(frozen=True)
class MenuEntry:
    label: Promise | str
    url: str


def menu_for(request: HttpRequest) -> list[MenuEntry]:
    """The menu of the signed-in user: the enabled modules of their country, or the hub's sections."""
    user = request.user
    if not user.is_authenticated:
        return []
    entries = []
    if getattr(request, "country", None) is None and user.has_perm("tenants.view_country"):
        entries.append(MenuEntry(_("Countries"), reverse("countries:list")))
    if may_use_admin_site(user):
        entries.append(MenuEntry(_("Users and roles"), reverse("admin:index")))
    return entries


def context(request: HttpRequest) -> dict:
    country = getattr(request, "country", None)
    if not hasattr(request, "tenant"):
        return {}
    return {
        "site_country": country,
        "site_name": country.name if country else _("Regional hub"),
        "site_roles": roles_of(request.user) if hasattr(request, "user") else [],
        "site_menu": menu_for(request) if hasattr(request, "user") else [],
    }
