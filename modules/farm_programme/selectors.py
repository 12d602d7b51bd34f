from django.db.models import Count, Q, QuerySet

from modules.farm_programme.models import PLACED, FarmWorker, RecruitmentRound, RoundStatus
from modules.reference.selectors import code_text


def rounds_listed() -> QuerySet[RecruitmentRound]:
    return RecruitmentRound.objects.select_related("destination").defer(*code_text("destination"))


def rounds_with_places_taken() -> QuerySet[RecruitmentRound]:
    """Rounds with the places their selected workers take (`taken`), counted in the same statement for
    a whole page rather than once a round (RecruitmentRound.places_taken)."""
    return rounds_listed().annotate(taken=Count("workers", filter=Q(workers__status__in=PLACED)))


def rounds_open() -> QuerySet[RecruitmentRound]:
    """The rounds taking applications now: what an application form offers."""
    return rounds_listed().filter(status=RoundStatus.OPEN)


def farm_workers_listed() -> QuerySet[FarmWorker]:
    return FarmWorker.objects.select_related("round", "round__destination", "district", "assigned_to").defer(
        *code_text("round__destination", "district")
    )
