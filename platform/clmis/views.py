from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clmis.shell import modules_for, settings_pages


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The shell's start page: the hub's, or a country's with the menu of its enabled modules."""
    if request.country is None:
        return render(request, "clmis/home_hub.html")
    return render(request, "clmis/home_country.html", {"modules": modules_for(request)})


@login_required
def settings_index(request: HttpRequest) -> HttpResponse:
    """The country's settings pages the user may open, each with what it is for."""
    pages = settings_pages(request.user)
    if not pages:
        raise PermissionDenied
    return render(request, "clmis/settings.html", {"pages": pages})
