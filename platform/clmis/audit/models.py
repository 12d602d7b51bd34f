from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditedChange(models.Model):
    """Base of every history model: the actor, as a label that means the same in every schema."""

    actor = models.CharField(_("by"), max_length=200, default="system")

    class Meta:
        abstract = True


class Export(models.Model):
    """A download of records, personal data in bulk: who took which rows, with which filters, when.

    Written by every register's Excel export (clmis.records.listing); the country's LMIS administrator
    reads them in the admin. Never changed or deleted there.
    """

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.CharField(_("by"), max_length=200)
    records = models.CharField(_("records"), max_length=200)
    filters = models.CharField(_("filters and sort"), max_length=2000, blank=True)
    rows = models.PositiveIntegerField(_("rows"))

    class Meta:
        ordering = ["-at", "-id"]
        default_permissions = ("view",)
        verbose_name = _("export of records")
        verbose_name_plural = _("exports of records")

    def __str__(self) -> str:
        return f"{self.records}, {self.rows} rows, {self.actor}"
