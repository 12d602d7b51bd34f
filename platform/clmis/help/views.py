from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clmis.accounts.roles import roles_of
from clmis.help.guides import guide_get, guides_list


def help_index(request: HttpRequest) -> HttpResponse:
    """Every guide, the reader's own first: open to all, as the guides are public documentation."""
    return render(request, "help/index.html", {"guides": guides_list(), "own": _own_guides(request)})


def help_guide(request: HttpRequest, key: str) -> HttpResponse:
    guide = guide_get(key)
    return render(request, "help/guide.html", {"guide": guide, "guides": guides_list()})


def _own_guides(request: HttpRequest) -> list[str]:
    if not request.user.is_authenticated:
        return ["public"]
    return [role.guide_key for role in roles_of(request.user)]
