from django.db import models
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    """A record two people may edit at once: each save increments the version it was read at."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True
