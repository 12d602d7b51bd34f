"""Retention of personal data, every night in every country."""

from django.db import connection

from clmis.celery import app
from clmis.personal_data.services import retention_apply
from clmis.tasks import countries_send


@app.task
def personal_data_retention() -> dict:
    """Erase the personal data the country's retention rules say is kept long enough."""
    return {"country": connection.schema_name, "erased": retention_apply()}


@app.task
def personal_data_retention_everywhere() -> int:
    """Send the night's retention to every country (from the beat schedule, in public)."""
    return len(countries_send(personal_data_retention))
