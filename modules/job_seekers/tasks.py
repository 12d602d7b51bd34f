"""The daily work of the job seekers register in every country: registrations not renewed in time lapse,
and the months of jobs still held are counted up to the day."""

from django.db import connection
from django.utils import timezone

from clmis.celery import app
from clmis.tasks import countries_send
from modules.job_seekers.services import job_seekers_experience_refresh, job_seekers_lapse_due
from tenants.selectors import module_enabled_here


@app.task
def job_seekers_daily() -> dict:
    """Lapse the registrations due and refresh the experience counted, in the country the task runs in
    (nothing where the module is not enabled)."""
    if not module_enabled_here("job_seekers"):
        return {"country": connection.schema_name, "lapsed": 0, "profiles": 0}
    today = timezone.localdate()
    return {
        "country": connection.schema_name,
        "lapsed": job_seekers_lapse_due(today=today),
        "profiles": job_seekers_experience_refresh(today=today),
    }


@app.task
def job_seekers_daily_everywhere() -> int:
    """Send the daily work to every country (from the beat schedule, in public)."""
    return len(countries_send(job_seekers_daily))
