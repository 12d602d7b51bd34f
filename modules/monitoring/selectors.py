from django.db.models import F, QuerySet

from modules.monitoring.models import Activity, ActivityStatus
from modules.reference.models import Code
from modules.reference.selectors import code_text


def activities_listed() -> QuerySet[Activity]:
    """Activities with what a list shows: type, district, and the participants in total (to sort by)."""
    return (
        Activity.objects.select_related("activity_type", "district")
        .defer(*code_text("activity_type", "district"))
        .annotate(total_participants=F("participants_women") + F("participants_men"))
    )


def activities_confirmed() -> QuerySet[Activity]:
    """What management reports count: activities a supervisor has confirmed (drafts are not figures yet)."""
    return Activity.objects.filter(status=ActivityStatus.CONFIRMED)


def activity_types() -> QuerySet[Code]:
    """The country's activity types in use, in the order they were made (the shipped ones first)."""
    return Code.objects.filter(classification__key="department_activity", active=True).order_by("pk")
