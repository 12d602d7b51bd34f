from django.db.models import QuerySet
from django.utils import timezone

from modules.indicators.models import Observation


def observations_public(now=None) -> QuerySet[Observation]:
    """The values the public may see: approved, their embargo over. Every public page, download and
    API reads through this, so nothing unpublished ever reaches them."""
    return Observation.objects.filter(
        state=Observation.State.APPROVED, publish_at__lte=now or timezone.now()
    ).select_related("indicator")


def observations_waiting() -> QuerySet[Observation]:
    """The values waiting for approval, oldest period first."""
    return Observation.objects.filter(state=Observation.State.SUBMITTED).select_related("indicator")
