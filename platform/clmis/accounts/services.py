"""Every change to accounts goes through these functions (views, API, commands and demo data alike)."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from clmis.accounts.models import User
from clmis.accounts.roles import ROLES_BY_KEY, current_scope


@transaction.atomic
def user_create(
    *,
    username: str,
    email: str,
    password: str | None,
    roles: Iterable[str] = (),
    first_name: str = "",
    last_name: str = "",
    preferred_language: str = "",
) -> User:
    """Create a user of the current schema with roles of that schema's scope (hub or country).

    Without a password (None) the account cannot be signed in to until its owner sets one, from the
    link of an invitation (administrator_invitation_mail)."""
    roles = list(roles)
    scope = current_scope()
    unknown = [key for key in roles if key not in ROLES_BY_KEY or ROLES_BY_KEY[key].scope != scope]
    if unknown:
        allowed = ", ".join(role.key for role in ROLES_BY_KEY.values() if role.scope == scope)
        raise ValidationError(
            {
                "roles": _("Unknown role(s) here: %(unknown)s. Roles here: %(allowed)s.")
                % {"unknown": ", ".join(unknown), "allowed": allowed}
            }
        )
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        preferred_language=preferred_language,
    )
    user.full_clean(exclude=["password"])
    if User.objects.filter(email__iexact=email).exists():
        # People sign in with their email too: it must name one account.
        raise ValidationError({"email": _("Another account here already uses this email address.")})
    if password is None:
        user.set_unusable_password()
    else:
        password_validation.validate_password(password, user)
        user.set_password(password)
    user.save()
    user.groups.set(Group.objects.filter(name__in=roles))
    return user


def user_language_set(*, user: User, language: str) -> User:
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("This language is not offered.")})
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return user


@transaction.atomic
def api_token_issue(*, user: User) -> Token:
    """A new API token for the user, replacing any earlier one. Valid only in this schema."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


def api_token_revoke(*, user: User) -> bool:
    deleted, _rows = Token.objects.filter(user=user).delete()
    return bool(deleted)
