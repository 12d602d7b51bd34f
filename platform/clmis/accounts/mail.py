"""Mail to a country's national LMIS administrators: what the hub, a service provider or the platform
tells the country (a change made to its configuration, a data request), and the invitation of a new
country's first administrator."""

import logging
from collections.abc import Callable
from smtplib import SMTPException

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
# The country role that administers the country's LMIS (clmis.accounts.roles).
LMIS_ADMIN = "lmis_admin"


def administrators_mail(*, subject: Callable[[], str], template: str, context: dict) -> int:
    """One e-mail per LMIS administrator of the country the connection is in (none sees the others'
    addresses), in the country's language and time zone, sent once the transaction commits; returns
    how many are to be sent. `subject` is called in the country's language."""
    country = connection.tenant
    addresses = list(
        get_user_model()
        .objects.filter(groups__name=LMIS_ADMIN, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if not addresses:
        return 0
    with translation.override(country.default_language), timezone.override(country.timezone):
        title = subject()
        body = render_to_string(template, {**context, "country": country})
    transaction.on_commit(lambda: _send(title, body, addresses))
    return len(addresses)


def administrator_invitation_mail(*, user) -> None:
    """Tell a new administrator of the country the connection is in where to set their password: the
    link of a password reset, good for PASSWORD_RESET_TIMEOUT, sent once the transaction commits."""
    country = connection.tenant
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
        urlconf=settings.ROOT_URLCONF,
    )
    with translation.override(country.default_language), timezone.override(country.timezone):
        title = _("You are the LMIS administrator of %(country)s") % {"country": country.name}
        body = render_to_string(
            "accounts/administrator_invitation_mail.txt",
            {
                "user": user,
                "country": country,
                "url": country.url(path),
                "site": country.url(),
                "days": settings.PASSWORD_RESET_TIMEOUT // (24 * 3600),
            },
        )
    transaction.on_commit(lambda: _send(title, body, [user.email]))


def _send(subject: str, body: str, addresses: list[str]) -> None:
    # What the mail tells is recorded in the country whatever the mail server says: log, do not fail.
    for address in addresses:
        try:
            send_mail(subject, body, None, [address])
        except (OSError, SMTPException):
            logger.exception("could not mail %s", address)
