"""Platform tasks: a round trip to see where a task runs, and housekeeping fanned out to every country."""

from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from clmis.celery import app
from tenants.models import Country


@app.task
def ping() -> dict:
    """Answer with the schema the task ran in: proves a worker is up and routes tasks by country."""
    return {"schema": connection.schema_name}


@app.task
def sessions_clear_expired() -> int:
    """Delete the expired sessions of the schema the task runs in."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@app.task
def sessions_clear_expired_everywhere() -> int:
    """Clear the hub's expired sessions and send the same job to every country."""
    countries = list(Country.objects.all())
    for country in countries:
        with tenant_context(country):
            sessions_clear_expired.delay()
    sessions_clear_expired()
    return len(countries)
