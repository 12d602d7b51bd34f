from allauth.account.decorators import reauthentication_required
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods
from rest_framework.authtoken.models import Token

from clmis.accounts.roles import roles_of
from clmis.accounts.services import api_token_issue, api_token_revoke


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/profile.html", {"roles": roles_of(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    """See, issue or revoke one's API token; the key is shown once, right after it is issued."""
    if request.method == "POST":
        return _api_token_change(request)
    token = Token.objects.filter(user=request.user).first()
    return render(request, "accounts/api_token.html", {"token": token})


@reauthentication_required
def _api_token_change(request: HttpRequest) -> HttpResponse:
    if request.POST.get("action") == "revoke":
        api_token_revoke(user=request.user)
        return render(request, "accounts/api_token.html", {"token": None, "revoked": True})
    token = api_token_issue(user=request.user)
    return render(request, "accounts/api_token.html", {"token": token, "new_key": token.key})
