from django.db import models


class Reading(models.Model):
    """A small table a release changes in every country: a column, an index and a data migration."""

    name = models.CharField(max_length=100)
    checked = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["checked"], name="bench_reading_checked")]

    def __str__(self) -> str:
        return self.name
