from django.db.models import QuerySet

from modules.industrial_actions.models import IndustrialAction
from modules.reference.selectors import code_text


def industrial_actions_listed() -> QuerySet[IndustrialAction]:
    return IndustrialAction.objects.select_related(
        "employer", "workplace", "union", "isic", "cause", "assigned_to"
    ).defer(*code_text("isic", "cause"))
