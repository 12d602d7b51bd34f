"""Two-factor authentication, required of privileged roles before any administrative function."""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled

from clmis.accounts.roles import is_privileged


def mfa_missing(user) -> bool:
    """True for a privileged user who has not set up an authenticator app yet."""
    return is_privileged(user) and not is_mfa_enabled(user, [Authenticator.Type.TOTP])
