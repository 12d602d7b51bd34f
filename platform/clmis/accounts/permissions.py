from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from clmis.accounts.mfa import mfa_missing


class MFASatisfied(BasePermission):
    """A privileged user may use the API only once two-factor authentication is set up."""

    message = _("Your role requires two-factor authentication. Set it up in the web interface first.")

    def has_permission(self, request, view) -> bool:
        return not mfa_missing(request.user)
