from django.db.models import QuerySet

from modules.complaints.models import Complaint
from modules.reference.selectors import code_text


def complaints_listed() -> QuerySet[Complaint]:
    return Complaint.objects.select_related(
        "employer", "category", "assigned_to", "occupation", "complainant_nationality"
    ).defer(*code_text("occupation", "complainant_nationality", "category"))
