from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clmis.shell import modules_for, settings_pages
from modules.configuration.selectors import provider_changes_unread


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The shell's start page: the hub's, or a country's with the menu of its enabled modules (and, for
    its administrators, the changes service providers made that they have not seen)."""
    if request.country is None:
        return render(request, "clmis/home_hub.html")
    unseen = 0
    if request.user.has_perm("configuration.view_providerchangenotice"):
        unseen = provider_changes_unread(request.user)
    return render(
        request,
        "clmis/home_country.html",
        {"modules": modules_for(request), "provider_changes_unseen": unseen},
    )


@login_required
def settings_index(request: HttpRequest) -> HttpResponse:
    """The country's settings pages the user may open, each with what it is for."""
    pages = settings_pages(request.user)
    if not pages:
        raise PermissionDenied
    return render(request, "clmis/settings.html", {"pages": pages})
