"""Reading the hub's catalogue: from the hub's pages, and from a country (its schema's search path
reaches the public schema, where the catalogue lives)."""

from django.db.models import Count, Prefetch, Q, QuerySet

from regional_hub.catalogue.models import Codelist, CodelistCode, Definition, HarmonisedIndicator


def indicators_with_definition() -> QuerySet[HarmonisedIndicator]:
    """The catalogue's indicators, each with `current` (its newest definition) at one extra query."""
    newest = Definition.objects.order_by("indicator_id", "-number").distinct("indicator_id")
    return HarmonisedIndicator.objects.prefetch_related(
        Prefetch("definitions", queryset=newest, to_attr="newest")
    )


def current_definition(indicator: HarmonisedIndicator) -> Definition | None:
    newest = getattr(indicator, "newest", None)
    if newest is not None:
        return newest[0] if newest else None
    return indicator.definitions.order_by("-number").first()


def catalogue_matching(*, q: str = "", topic: str = "", dimension: str = "") -> QuerySet[HarmonisedIndicator]:
    indicators = indicators_with_definition()
    if q:
        named = Definition.objects.filter(name__icontains=q).values("indicator")
        indicators = indicators.filter(Q(code__icontains=q) | Q(pk__in=named) | Q(sdg__icontains=q))
    if topic:
        indicators = indicators.filter(topic=topic)
    if dimension:
        indicators = indicators.filter(dimensions__contains=[dimension])
    return indicators.order_by("code")


def catalogue_rows() -> list[dict]:
    """The catalogue as the fields a country's Indicator takes from it (modules.indicators.loading)."""
    rows = []
    for indicator in indicators_with_definition().order_by("code"):
        definition = current_definition(indicator)
        rows.append(
            {
                "code": indicator.code,
                "name": definition.name if definition else indicator.code,
                "topic": indicator.topic,
                "unit": indicator.unit,
                "multiplier": indicator.multiplier,
                "frequencies": list(indicator.frequencies),
                "dimensions": list(indicator.dimensions),
                "source": indicator.source,
                "ilostat_code": indicator.ilostat_code,
                "sdg": indicator.sdg,
                "notes": definition.notes if definition else "",
            }
        )
    return rows


def codelists_with_counts() -> QuerySet[Codelist]:
    return Codelist.objects.annotate(codes_count=Count("codes")).order_by("concept")


def codes_matching(codelist: Codelist, q: str = "") -> QuerySet[CodelistCode]:
    codes = codelist.codes.all()
    if q:
        codes = codes.filter(Q(code__icontains=q) | Q(label__icontains=q))
    return codes.order_by("code")
