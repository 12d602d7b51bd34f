"""Data requests: the coordination unit asks a country for values of the catalogue by a date; the
country's LMIS administrators are told in the application and by e-mail, reminded as the date nears
and after it passes, and answer; the unit closes the request."""

import datetime

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from clmis.accounts.actors import actor_label
from clmis.audit.context import acting
from modules.reports.periods import period_parse
from regional_hub.catalogue.models import HarmonisedIndicator
from regional_hub.data_requests.models import DataRequest
from regional_hub.data_requests.tasks import data_request_notify
from tenants.models import Country

# Days before the due date a reminder goes; after it, one every REMIND_EVERY days until answered.
REMIND_BEFORE = (7, 1)
REMIND_EVERY = 7


@transaction.atomic
def data_request_create(
    *,
    country: Country,
    indicators: list[HarmonisedIndicator],
    periods: list[str],
    message: str,
    due_on: datetime.date,
    by,
) -> DataRequest:
    """Ask the country for the indicators' values of the periods by `due_on`; its administrators are
    told once committed. Refused, with nothing saved, without indicators, with a period that is not
    one, or with a due date in the past."""
    errors = {}
    if not indicators:
        errors["indicators"] = _("Choose at least one indicator.")
    try:
        periods = sorted({period_parse(period).text for period in periods if period.strip()})
    except ValidationError as error:
        errors["periods"] = error.messages
    else:
        if not periods:
            errors["periods"] = _("Give at least one period.")
    if due_on < timezone.localdate():
        errors["due_on"] = _("The due date is in the past.")
    if not message.strip():
        errors["message"] = _("Say what the coordination unit needs and why.")
    if errors:
        raise ValidationError(errors)
    with acting(actor_label(by)), schema_context(get_public_schema_name()):
        request = DataRequest.objects.create(
            country=country,
            periods=periods,
            message=message.strip(),
            due_on=due_on,
            requested_by=actor_label(by),
        )
        request.indicators.set(indicators)
    _notify(request, reminder=False)
    return request


@transaction.atomic
def data_request_answer(*, request: DataRequest, answer: str, by) -> DataRequest:
    """The country's answer, from its own site (the connection is in the country's schema): only its
    own requests, only open ones."""
    if request.country_id != connection.tenant.pk:
        raise ValidationError(_("This request was made to another country."))
    if request.state != DataRequest.State.OPEN:
        raise ValidationError(_("This request is no longer open."))
    if not answer.strip():
        raise ValidationError({"answer": _("Write your answer to the coordination unit.")})
    with acting(actor_label(by)):
        request.state = DataRequest.State.ANSWERED
        request.answer, request.answered_by, request.answered_at = (
            answer.strip(),
            actor_label(by),
            timezone.now(),
        )
        request.save()
    return request


@transaction.atomic
def data_request_close(*, request: DataRequest, by) -> DataRequest:
    with acting(actor_label(by)), schema_context(get_public_schema_name()):
        request.state = DataRequest.State.CLOSED
        request.save()
    return request


def data_requests_remind(today: datetime.date | None = None) -> list[DataRequest]:
    """Remind the countries of their open requests due in a week, tomorrow, or overdue (once a week):
    each at most once a day. Run every day from the beat schedule."""
    today = today or timezone.localdate()
    reminded = []
    with schema_context(get_public_schema_name()):
        for request in DataRequest.objects.filter(state=DataRequest.State.OPEN).select_related("country"):
            days_left = (request.due_on - today).days
            due = days_left in REMIND_BEFORE or (days_left < 0 and -days_left % REMIND_EVERY == 0)
            if not due or request.reminded_on == today:
                continue
            with transaction.atomic():
                request.reminders_sent += 1
                request.reminded_on = today
                request.save(update_fields=["reminders_sent", "reminded_on"])
                _notify(request, reminder=True)
            reminded.append(request)
    return reminded


def _notify(request: DataRequest, *, reminder: bool) -> None:
    # The mail goes from the country (its administrators live in its schema), once the request is saved.
    with tenant_context(request.country):
        data_request_notify.apply_async_on_commit((request.pk, reminder))
