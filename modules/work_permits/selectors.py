import datetime

from django.db.models import QuerySet
from django.utils import timezone

from modules.reference.selectors import code_text
from modules.work_permits.models import WorkPermit

# What a renewal takes over from the permit it renews: the same worker, employer and position.
RENEWED_FIELDS = (
    "employer",
    "position",
    "occupation",
    "duration_months",
    "monthly_salary",
    "currency",
    "worker_name",
    "worker_sex",
    "worker_birth_date",
    "citizenship",
    "country_of_birth",
    "passport_number",
    "education_level",
    "qualifications",
)


def permits_listed() -> QuerySet[WorkPermit]:
    """Permits with every code and record their list and API output name: no statement per permit."""
    codes = ("occupation", "citizenship", "country_of_birth", "education_level", "refusal_reason")
    return WorkPermit.objects.select_related(
        "employer", "assigned_to", "renewal_of", "advertised_vacancy", *codes
    ).defer(*code_text(*codes))


def permits_expiring(queryset: QuerySet[WorkPermit], *, within_days: int, today: datetime.date | None = None):
    """Approved permits whose validity ends within the days given from today (ended ones not included)."""
    today = today or timezone.localdate()
    return queryset.filter(
        status="approved",
        valid_until__gte=today,
        valid_until__lte=today + datetime.timedelta(days=within_days),
    )


def permit_renewal_initial(permit: WorkPermit) -> dict:
    """A new application prefilled from an approved permit, to renew it: the worker, employer and position
    as they were, the labour-market test and the decision left to be done again."""
    return {field: getattr(permit, field) for field in RENEWED_FIELDS} | {"renewal_of": permit}
