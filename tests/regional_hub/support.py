"""Facts for the tests of the hub's open data, written as collection writes them (regional_hub.facts)."""

from decimal import Decimal

from django.utils import timezone

from modules.indicators.models import breakdown_key
from regional_hub.catalogue.models import HarmonisedIndicator
from regional_hub.facts.models import Fact
from tenants.models import Country


def fact_make(
    country: Country, indicator: str, period: str, breakdown: dict[str, str], value: str | None, **fields
) -> Fact:
    """A published value of a country; None with `suppressed="primary"` for one the country hides."""
    return Fact.objects.create(
        country=country,
        indicator=HarmonisedIndicator.objects.get(code=indicator),
        period=period,
        key=breakdown_key(breakdown),
        dimensions=breakdown,
        value=None if value is None else Decimal(value),
        collected_at=timezone.now(),
        **fields,
    )
