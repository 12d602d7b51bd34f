from django.db.models import F, QuerySet

from modules.reference.selectors import code_text
from modules.workplaces.models import Workplace


def workplaces_listed() -> QuerySet[Workplace]:
    """Workplaces with their employer, codes and workers in total (to sort by)."""
    return (
        Workplace.objects.select_related("employer", "isic", "district")
        .defer(*code_text("isic", "district"))
        .annotate(total_workers=F("workers_women") + F("workers_men"))
    )


def workplaces_of(employer_id: int) -> QuerySet[Workplace]:
    return Workplace.objects.filter(employer_id=employer_id).order_by("name")
