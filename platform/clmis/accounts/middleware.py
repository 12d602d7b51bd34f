from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from clmis.accounts.mfa import mfa_missing


class MFARequiredMiddleware:
    """Sends a privileged user without two-factor authentication to set it up, whatever they asked for.

    Only the sign-in pages (where MFA is set up), the language switch, static files and the public
    pages (what anyone reads without signing in: a country's figures, the regional site, SDMX) stay
    reachable. The API is guarded by clmis.accounts.permissions.MFASatisfied instead, which answers 403.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._always_reachable(request.path) or not mfa_missing(request.user):
            return self.get_response(request)
        messages.warning(
            request,
            _("Your role requires two-factor authentication. Set up an authenticator app to continue."),
        )
        return redirect("mfa_activate_totp")

    @staticmethod
    def _always_reachable(path: str) -> bool:
        return path.startswith(
            ("/accounts/", "/i18n/", "/api/", "/lmi/", "/data/", "/sdmx/", settings.STATIC_URL)
        )
