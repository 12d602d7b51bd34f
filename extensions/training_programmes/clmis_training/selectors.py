from django.db.models import Count, Q, QuerySet

from clmis_training.models import Trainee, TrainingProgramme
from modules.reference.selectors import code_text


def programmes_listed() -> QuerySet[TrainingProgramme]:
    """Programmes with what a list shows: occupation, sector, and the places taken (to sort by)."""
    return (
        TrainingProgramme.objects.select_related("occupation", "sector")
        .defer(*code_text("occupation", "sector"))
        .annotate(places_taken=Count("trainees", filter=Q(trainees__status__in=Trainee.HOLDING_A_PLACE)))
    )


def programme_with_trainees(pk: int) -> QuerySet[TrainingProgramme]:
    return programmes_listed().filter(pk=pk).prefetch_related("trainees")
