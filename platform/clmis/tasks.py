"""Platform tasks: a round trip to see where a task runs, and housekeeping fanned out to every country."""

from celery import Task
from celery.result import AsyncResult
from django.contrib.sessions.models import Session
from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from clmis.celery import app
from tenants.models import Country


def countries_send(
    task: Task, *, args: tuple = (), kwargs: dict | None = None, **options
) -> dict[str, AsyncResult]:
    """Send the task once per country, each to run in that country's schema; results by country code.

    How work that concerns every country is scheduled: one beat entry runs in public and fans out.
    A country being upgraded is left out (its schema is being swapped, or not yet at this code's
    release); the next run reaches it.
    """
    sent = {}
    for country in Country.objects.served_here():
        with tenant_context(country):
            sent[country.code] = task.apply_async(args, kwargs, **options)
    return sent


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
    countries = countries_send(sessions_clear_expired)
    sessions_clear_expired()
    return len(countries)
