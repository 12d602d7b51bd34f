"""The beat's drain of every schema's outbox: tasks asked for while the broker was away."""

from clmis.celery import app
from clmis.outbox.services import outbox_drain_everywhere


@app.task
def outboxes_drain() -> dict[str, int]:
    """Send what waits in the outboxes (from the beat schedule); what was sent, by schema."""
    return outbox_drain_everywhere()
