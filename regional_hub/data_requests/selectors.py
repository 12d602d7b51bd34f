from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from regional_hub.catalogue.models import HarmonisedIndicator
from regional_hub.data_requests.models import DataRequest
from regional_hub.facts.models import Fact


@dataclass(frozen=True)
class Asked:
    indicator: HarmonisedIndicator
    period: str
    published: bool


def requests_matching(*, state: str = "", country=None, overdue: bool = False) -> QuerySet[DataRequest]:
    requests = DataRequest.objects.select_related("country").prefetch_related("indicators")
    if state:
        requests = requests.filter(state=state)
    if country:
        requests = requests.filter(country=country)
    if overdue:
        requests = requests.filter(state=DataRequest.State.OPEN, due_on__lt=timezone.localdate())
    return requests.order_by("due_on", "pk")


def requests_of(country) -> QuerySet[DataRequest]:
    """A country's requests, the open ones first (read from the country's own site)."""
    return (
        DataRequest.objects.filter(country=country)
        .exclude(state=DataRequest.State.CLOSED)
        .prefetch_related("indicators")
        .order_by("state", "due_on")
    )


def requests_open_count(country) -> int:
    return DataRequest.objects.filter(country=country, state=DataRequest.State.OPEN).count()


def fulfilment(request: DataRequest) -> list[Asked]:
    """Each indicator and period asked for, and whether the hub has its published values (one query)."""
    indicators = list(request.indicators.order_by("code"))
    published = set(
        Fact.objects.filter(country=request.country_id, indicator__in=indicators, period__in=request.periods)
        .values_list("indicator_id", "period")
        .order_by()
        .distinct()
    )
    return [
        Asked(indicator, period, (indicator.pk, period) in published)
        for indicator in indicators
        for period in request.periods
    ]
