from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clmis.shell import modules_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The shell's start page: the hub's, or a country's with the menu of its enabled modules."""
    if request.country is None:
        return render(request, "clmis/home_hub.html")
    return render(request, "clmis/home_country.html", {"modules": modules_for(request)})
