"""Computing the indicators in every country: on a schedule for the last complete year, quarter and
month, and on demand for a period from the indicators' page (with its progress). Checking a large file
of values in the country it was uploaded in (with its progress)."""

import datetime

from django.db import connection
from django.utils import timezone

from clmis.celery import app
from clmis.tasks import countries_send
from modules.indicators.computing import indicators_compute
from modules.indicators.loading import catalogue_load
from modules.indicators.models import SubmissionUpload
from modules.indicators.services import submission_upload_check
from modules.reports.periods import period_parse
from tenants.selectors import modules_enabled_in


@app.task(bind=True)
def indicators_compute_period(self, period: str, codes: list[str] | None = None) -> dict:
    """Compute the period's indicators in the country the task runs in, telling its progress."""

    def progress(done: int, total: int) -> None:
        if self.request.id:
            self.update_state(state="PROGRESS", meta={"done": done, "total": total})

    modules = [config.manifest.key for config in modules_enabled_in(connection.tenant)]
    computed = indicators_compute(period_parse(period), modules=modules, codes=codes, progress=progress)
    return {
        "country": connection.schema_name,
        "period": period,
        "indicators": [computation.indicator for computation in computed],
        "written": sum(computation.written for computation in computed),
    }


def last_complete_periods(today=None) -> list[str]:
    """The last complete year, quarter and month before today."""
    today = today or timezone.localdate()
    month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    quarter_now = (today.month - 1) // 3 + 1
    quarter = (today.year, quarter_now - 1) if quarter_now > 1 else (today.year - 1, 4)
    return [str(today.year - 1), f"{quarter[0]}-Q{quarter[1]}", f"{month[0]}-{month[1]:02d}"]


@app.task
def indicators_compute_everywhere() -> int:
    """Send the last complete periods' computations to every country (from the beat schedule)."""
    sent = 0
    for period in last_complete_periods():
        sent += len(countries_send(indicators_compute_period, args=(period,)))
    return sent


@app.task
def indicators_catalogue_refresh() -> int:
    """Bring the country's harmonised indicators up to the hub's catalogue (after a change there)."""
    return catalogue_load()


@app.task
def indicators_upload_check(upload_id: int) -> dict:
    """Check a large file of values and submit it whole or refuse it whole (its page shows how far it is)."""
    upload = submission_upload_check(upload=SubmissionUpload.objects.get(pk=upload_id))
    return {"country": connection.schema_name, "upload": upload.pk, "state": upload.state}


# A large file still waiting this long after it was received has lost its check: it is sent again. A
# broker away when the check was asked for is the outbox's to cover (clmis.outbox); this covers a
# message the broker took and then lost (a Redis restarted without persistence, a queue purged).
UPLOAD_RESEND_AFTER = datetime.timedelta(minutes=10)


@app.task
def indicators_uploads_resend() -> int:
    """Send again the checks of the country's large files that never started (the check of a file
    already decided, or being checked, leaves it as it is: sending twice is harmless)."""
    stale = SubmissionUpload.objects.filter(
        state=SubmissionUpload.State.WAITING, created_at__lt=timezone.now() - UPLOAD_RESEND_AFTER
    ).values_list("pk", flat=True)
    for pk in stale:
        indicators_upload_check.apply_async((pk,))
    return len(stale)


@app.task
def indicators_uploads_resend_everywhere() -> int:
    """Look for lost checks in every country (from the beat schedule)."""
    return len(countries_send(indicators_uploads_resend))
