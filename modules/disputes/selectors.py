from django.db.models import QuerySet

from modules.disputes.models import Dispute


def disputes_listed() -> QuerySet[Dispute]:
    return Dispute.objects.select_related("employer", "union", "assigned_to")


def dispute_with_meetings(pk: int) -> QuerySet[Dispute]:
    return disputes_listed().filter(pk=pk).prefetch_related("issues", "meetings")
