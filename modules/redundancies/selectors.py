from django.db.models import QuerySet

from modules.redundancies.models import AffectedGroup, Redundancy
from modules.reference.selectors import code_text


def redundancies_listed() -> QuerySet[Redundancy]:
    return Redundancy.objects.select_related("employer", "reason", "assigned_to").defer(*code_text("reason"))


def redundancy_groups() -> QuerySet[AffectedGroup]:
    return AffectedGroup.objects.select_related("occupation").defer(*code_text("occupation"))
