"""Recording activities for the tests, as an officer of a country would."""

import datetime

from django_tenants.utils import tenant_context

from modules.monitoring.models import Activity
from modules.monitoring.services import activity_save
from modules.reference.selectors import code_lookup
from tests.support import user_in

TODAY = datetime.date.today()
LAST_YEAR = TODAY.year - 1


def record(country, username: str = "officer", **values) -> Activity:
    """An activity recorded in the country by one of its users (the officer unless said otherwise)."""
    with tenant_context(country):
        fields = {
            "activity_type": code_lookup("department_activity", values.pop("type", "VISIT")),
            "title": "Outreach visits to employers",
            "held_on": datetime.date(LAST_YEAR, 3, 14),
            "sessions": 2,
            "participants_women": 5,
            "participants_men": 3,
            "staff_involved": 2,
        }
        district = values.pop("district", None)
        if district:
            fields["district"] = code_lookup("district", district)
        fields.update(values)
        return activity_save(values=fields, version=None, by=user_in(country, username) if username else None)
