from django.db.models import F, QuerySet

from modules.reference.selectors import code_text
from modules.unions.models import TradeUnion


def unions_listed() -> QuerySet[TradeUnion]:
    """Trade unions with what a list shows: district, sectors, and the members in total (to sort by)."""
    return (
        TradeUnion.objects.select_related("district")
        .defer(*code_text("district"))
        .prefetch_related("sectors")
        .annotate(total_members=F("members_women") + F("members_men"))
    )
