from django.db import models
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    """A record two people may edit at once: each save increments the version it was read at."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class Customisable(models.Model):
    """A record a country may give fields of its own (modules.custom_fields): their values by key.

    One JSON column rather than a table of values: a record is read, listed, filtered and exported with
    its custom values at no extra query, and a country adding a field changes no schema.
    """

    custom = models.JSONField(_("additional details"), default=dict, blank=True, editable=False)

    class Meta:
        abstract = True
