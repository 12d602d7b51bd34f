"""Requests of the regional coordination unit to a country's LMIS administrators for values of the
catalogue, with a due date (public schema: the hub writes them, the country reads and answers its
own)."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clmis.audit.history import audited
from regional_hub.catalogue.models import HarmonisedIndicator
from tenants.models import Country


class DataRequest(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered by the country")
        CLOSED = "closed", _("Closed")

    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="data_requests", verbose_name=_("country")
    )
    indicators = models.ManyToManyField(HarmonisedIndicator, related_name="+", verbose_name=_("indicators"))
    periods = ArrayField(models.CharField(max_length=7), verbose_name=_("periods"))
    message = models.TextField(_("message"))
    due_on = models.DateField(_("due"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    answer = models.TextField(_("the country's answer"), blank=True)
    requested_by = models.CharField(_("requested by"), max_length=200)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    answered_by = models.CharField(_("answered by"), max_length=200, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    reminded_on = models.DateField(_("last reminded"), null=True, blank=True)
    history = audited()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("data request")
        verbose_name_plural = _("data requests")

    def __str__(self) -> str:
        return f"{self.country_id}: {', '.join(self.periods)} ({self.due_on})"

    def get_absolute_url(self) -> str:
        return reverse("data_requests:detail", args=[self.pk])
