from django.db.models import QuerySet

from modules.farm_programme.models import FarmWorker, RecruitmentRound, RoundStatus
from modules.reference.selectors import code_text


def rounds_listed() -> QuerySet[RecruitmentRound]:
    return RecruitmentRound.objects.select_related("destination").defer(*code_text("destination"))


def rounds_open() -> QuerySet[RecruitmentRound]:
    """The rounds taking applications now: what an application form offers."""
    return rounds_listed().filter(status=RoundStatus.OPEN)


def farm_workers_listed() -> QuerySet[FarmWorker]:
    return FarmWorker.objects.select_related("round", "round__destination", "district", "assigned_to").defer(
        *code_text("round__destination", "district")
    )
