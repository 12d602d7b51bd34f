from django.db.models import QuerySet

from modules.migrant_assistance.models import REQUEST_TYPES, AssistanceRequest, home_country_code
from modules.reference.models import Code
from modules.reference.selectors import code_lookup, code_text


def assistance_requests_listed() -> QuerySet[AssistanceRequest]:
    return AssistanceRequest.objects.select_related(
        "assigned_to", "destination", "request_type", "occupation", "nationality"
    ).defer(*code_text("destination", "request_type", "occupation", "nationality"))


def home_country() -> Code | None:
    """This country in ISO 3166: the nationality of the workers it assists, unless said otherwise."""
    return code_lookup("iso3166", home_country_code())


def with_cost_and_earnings() -> QuerySet[AssistanceRequest]:
    """Requests whose worker gave both the recruitment cost and the first month's earnings: those an
    SDG 10.7.1 ratio can be computed for."""
    return AssistanceRequest.objects.filter(recruitment_cost__isnull=False, monthly_earnings__isnull=False)


def request_types() -> QuerySet[Code]:
    """The country's types of request in use, in the order they were made (the shipped ones first)."""
    return Code.objects.filter(classification__key=REQUEST_TYPES, active=True).order_by("pk")


def destinations_in_use(request=None) -> QuerySet[Code]:
    """The countries requests were made about: what the list's filter by destination offers."""
    used = AssistanceRequest.objects.values("destination")
    return Code.objects.filter(classification__key="iso3166", pk__in=used).order_by("title")
