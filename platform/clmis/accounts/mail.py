"""Mail to a country's national LMIS administrators: what the hub, a service provider or the platform
tells the country (a change made to its configuration, a data request)."""

import logging
from collections.abc import Callable
from smtplib import SMTPException

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

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


def _send(subject: str, body: str, addresses: list[str]) -> None:
    # What the mail tells is recorded in the country whatever the mail server says: log, do not fail.
    for address in addresses:
        try:
            send_mail(subject, body, None, [address])
        except (OSError, SMTPException):
            logger.exception("could not mail %s", address)
