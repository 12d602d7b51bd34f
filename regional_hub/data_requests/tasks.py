"""Data request tasks: telling a country's administrators (run in the country), and the daily
reminders (run in public)."""

from django.db import connection
from django.urls import reverse
from django.utils.translation import gettext as _

from clmis.accounts.mail import administrators_mail
from clmis.celery import app
from regional_hub.data_requests.models import DataRequest


@app.task
def data_request_notify(request_id: int, reminder: bool = False) -> int:
    """Mail the country's LMIS administrators about a request of the coordination unit."""
    request = DataRequest.objects.get(pk=request_id, country_id=connection.tenant.pk)
    url = connection.tenant.url(reverse("indicators:hub-requests"))
    return administrators_mail(
        subject=lambda: (
            (
                _("Reminder: the regional hub's request is due on %(due)s")
                if reminder
                else _("The regional hub asks for values by %(due)s")
            )
            % {"due": request.due_on.isoformat()}
        ),
        template="data_requests/request_mail.txt",
        context={
            "request": request,
            "indicators": request.indicators.all(),
            "url": url,
            "reminder": reminder,
        },
    )


@app.task
def data_requests_remind_today() -> int:
    """The day's reminders (from the beat schedule)."""
    # Imported here: the services send this module's notify task.
    from regional_hub.data_requests.services import data_requests_remind

    return len(data_requests_remind())
