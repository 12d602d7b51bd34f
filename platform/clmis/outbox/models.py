"""Tasks asked for in a transaction, kept in the same schema until the broker has taken them.

A row is written with the caller's data, in the caller's transaction: if the transaction rolls back the
task was never asked for; if it commits, the task is sent after the commit and its row deleted, or it
waits here for the beat's drain (clmis.outbox.services.outbox_drain) while the broker is away."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    """One task to send: its name, arguments and sending options (the schema it runs in among its
    headers, a fixed task id, so that a message sent again is recognisably the same one)."""

    task = models.CharField(_("task"), max_length=200)
    args = models.JSONField(_("arguments"), default=list)
    kwargs = models.JSONField(_("keyword arguments"), default=dict)
    options = models.JSONField(_("options"), default=dict)
    created_at = models.DateTimeField(_("asked for"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    tried_at = models.DateTimeField(_("last attempt"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("task waiting for the broker")
        verbose_name_plural = _("tasks waiting for the broker")

    def __str__(self) -> str:
        return f"{self.task} {self.options.get('task_id', '')}"
