from django.db.models import QuerySet

from modules.employers.models import Employer
from modules.reference.selectors import code_text


def employers_listed() -> QuerySet[Employer]:
    return Employer.objects.select_related("isic", "district").defer(*code_text("isic", "district"))


def employer_with_representatives(pk: int) -> QuerySet[Employer]:
    return (
        Employer.objects.select_related("isic", "district").prefetch_related("representatives").filter(pk=pk)
    )
