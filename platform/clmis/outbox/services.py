"""The outbox: a task asked for in a transaction is written there, sent after the commit, and drained by
the beat while the broker is away (ARCHITECTURE §7, nothing lost).

A task is sent at least once: twice only when the broker took it and the deletion of its row was lost
(the database gone at that very moment), so every task sent through here must bear running twice.
"""

import datetime
import logging
import uuid

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from clmis.outbox.models import Message
from tenants.models import Country

logger = logging.getLogger(__name__)
# At most this many messages a schema per drain: the next drain takes the rest.
DRAIN_BATCH = 500


def outbox_put(*, task: str, args=None, kwargs=None, options: dict) -> Message:
    """Keep a task in the current schema's outbox, in the caller's transaction, to be sent after commit."""
    options = dict(options)
    # One id from the start: a message sent again by the drain is the same task to Celery and to us.
    options.setdefault("task_id", str(uuid.uuid4()))
    now = timezone.now()
    # Delays relative to the moment of asking, not to whenever the message finally leaves.
    if "countdown" in options:
        options["eta"] = now + datetime.timedelta(seconds=options.pop("countdown") or 0)
    if isinstance(options.get("expires"), int | float):
        options["expires"] = now + datetime.timedelta(seconds=options["expires"])
    for name in ("eta", "expires"):
        if isinstance(options.get(name), datetime.datetime):
            options[name] = options[name].isoformat()
    message = Message.objects.create(
        task=task, args=list(args or ()), kwargs=dict(kwargs or {}), options=options
    )
    schema = connection.schema_name
    transaction.on_commit(lambda: _send_after_commit(schema, message.pk))
    return message


def _send_after_commit(schema: str, pk: int) -> None:
    # The caller's data is committed: whatever goes wrong now is the drain's to repair, never the
    # user's error (a 500 would tell them their submission failed when it did not).
    try:
        with schema_context(schema):
            _send(pk)
    except Exception:
        logger.exception("Task %s of schema %s left in the outbox: the drain will send it.", pk, schema)


def _send(pk: int) -> bool | None:
    """Send one message and delete it: True when sent, False when the broker refused it, None when
    it was not there to send (sent already, or being sent by another process, or not a known task)."""
    from clmis.celery import app

    with transaction.atomic():
        # Locked while it is being sent, so the after-commit send and a drain never both send it.
        message = Message.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
        if message is None:
            return None
        task = app.tasks.get(message.task)
        if task is None:
            logger.error("Task %s in the outbox is not a known task: left there.", message.task)
            _attempt_count(pk)
            return None
        try:
            task.apply_async(message.args, message.kwargs, **message.options)
        except Exception:
            logger.warning(
                "The broker did not take %s (%s): left in the outbox.", message, connection.schema_name
            )
            _attempt_count(pk)
            return False
        message.delete()
    return True


def _attempt_count(pk: int) -> None:
    Message.objects.filter(pk=pk).update(attempts=F("attempts") + 1, tried_at=timezone.now())


def outbox_drain(*, limit: int = DRAIN_BATCH) -> int:
    """Send the current schema's waiting tasks in the order they were asked for; returns how many were
    sent. Stops at the first one the broker refuses: the others would fail too."""
    sent = 0
    for pk in Message.objects.order_by("created_at", "id").values_list("pk", flat=True)[:limit]:
        outcome = _send(pk)
        if outcome is False:
            break
        sent += bool(outcome)
    return sent


def outbox_drain_everywhere() -> dict[str, int]:
    """Drain the hub's outbox and every country's; what was sent, by schema (only those that sent).

    A country being upgraded is left out (its schema is being swapped): the next drain reaches it.
    """
    drained = {}
    with schema_context(get_public_schema_name()):
        drained["public"] = outbox_drain()
    for country in Country.objects.served_here():
        with tenant_context(country):
            drained[country.code] = outbox_drain()
    return {schema: sent for schema, sent in drained.items() if sent}
