from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The shell's start page: the hub's, or a country's with the menu of its enabled modules."""
    template = "clmis/home_country.html" if request.country else "clmis/home_hub.html"
    return render(request, template)
