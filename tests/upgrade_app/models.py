from django.db import models


class Probe(models.Model):
    name = models.CharField(max_length=50)
    # Added by the migration the tests roll out.
    checked = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.name
