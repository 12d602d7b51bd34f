"""Demo custom fields: what Saint Kitts and Nevis records beyond the forms, with values on demo records."""

from modules.casework.services import case_update
from modules.complaints.models import Complaint
from modules.custom_fields.models import CustomField
from modules.custom_fields.services import custom_field_save
from modules.employers.models import Employer
from modules.employers.services import employer_save

FIELDS = (
    {
        "record": "employers.employer",
        "key": "tourism_licence",
        "label": "Tourism licence number",
        "help_text": "As issued by the Ministry of Tourism, for hotels, guest houses and tour operators.",
        "kind": "text",
        "in_list": True,
        "filter": True,
        "position": 1,
    },
    {
        "record": "complaints.complaint",
        "key": "shop_steward",
        "label": "Shop steward present at intake",
        "kind": "yes_no",
        "filter": True,
        "position": 1,
    },
)


def custom_fields_demo(country) -> int:
    """Add kn's demo fields once, with values on its hotels and first complaints; returns how many."""
    if country.code != "kn" or CustomField.objects.exists():
        return 0
    for values in FIELDS:
        custom_field_save(values=values, version=None, by=None)
    for number, employer in enumerate(Employer.objects.filter(isic__code__in=("5510", "7912"))[:5], 1):
        custom = {**employer.custom, "tourism_licence": f"TL-{2200 + number}"}
        employer_save(employer=employer, values={"custom": custom}, version=employer.version, by=None)
    for index, complaint in enumerate(Complaint.objects.order_by("pk")[:6]):
        custom = {**complaint.custom, "shop_steward": index % 2 == 0}
        case_update(case=complaint, values={"custom": custom}, version=complaint.version, by=None)
    return len(FIELDS)
