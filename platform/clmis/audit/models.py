from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditedChange(models.Model):
    """Base of every history model: the actor, as a label that means the same in every schema."""

    actor = models.CharField(_("by"), max_length=200, default="system")

    class Meta:
        abstract = True
