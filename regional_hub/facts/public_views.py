"""The regional public site at the hub's host (no sign-in): the region's headline figures, the
explorer across countries, country profiles and the methodology of the catalogue. Everything comes
from the hub's fact table, which holds only what the countries publish (after their embargo and
disclosure control); pages are cached for a minute."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from clmis.public_pages import published_page
from modules.indicators.models import Indicator
from modules.indicators.public import sparkline
from regional_hub.catalogue.models import HarmonisedIndicator
from regional_hub.catalogue.selectors import current_definition, indicators_with_definition
from regional_hub.facts.selectors import countries_compared, country_profile, regional_headlines
from regional_hub.facts.views import comparison_page

CACHE_SECONDS = 60


@published_page(CACHE_SECONDS)
def regional_home(request: HttpRequest) -> HttpResponse:
    countries = list(countries_compared())
    topics: dict[str, list] = {}
    for headline in regional_headlines(countries):
        topics.setdefault(headline.indicator.topic, []).append(headline)
    definitions = {i.pk: current_definition(i) for i in indicators_with_definition()}
    context = {
        "topics": [
            (label, [(h, definitions.get(h.indicator.pk)) for h in topics[value]])
            for value, label in Indicator.Topic.choices
            if value in topics
        ],
        "countries": countries,
    }
    return render(request, "facts/public/home.html", context)


@published_page(CACHE_SECONDS)
def regional_explorer(request: HttpRequest) -> HttpResponse:
    """An indicator across the countries: the comparison of the coordination unit, in public."""
    return comparison_page(request, "facts/public/explore.html")


@published_page(CACHE_SECONDS)
def regional_country(request: HttpRequest, iso3: str) -> HttpResponse:
    country = next((c for c in countries_compared() if c.iso3 == iso3.upper()), None)
    if country is None:
        raise Http404
    definitions = {i.pk: current_definition(i) for i in indicators_with_definition()}
    rows = [
        (indicator, definitions.get(indicator.pk), series[-1], sparkline([fact.value for fact in series]))
        for indicator, series in country_profile(country)
    ]
    return render(request, "facts/public/country.html", {"country": country, "rows": rows})


@published_page(CACHE_SECONDS)
def regional_methodology(request: HttpRequest) -> HttpResponse:
    by_topic: dict[str, list] = {}
    for indicator in indicators_with_definition().order_by("code"):
        by_topic.setdefault(indicator.topic, []).append((indicator, current_definition(indicator)))
    topics = [(label, by_topic[value]) for value, label in Indicator.Topic.choices if value in by_topic]
    return render(request, "facts/public/methodology.html", {"topics": topics})


@published_page(CACHE_SECONDS)
def regional_methodology_detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = get_object_or_404(HarmonisedIndicator, code=code)
    titles = dict(Indicator.Dimension.choices)
    context = {
        "indicator": indicator,
        "definitions": indicator.definitions.all(),
        "current": current_definition(indicator),
        "dimensions": [titles.get(concept, concept) for concept in indicator.dimensions],
        "frequencies": [Indicator.Frequency(f).label for f in indicator.frequencies],
    }
    return render(request, "facts/public/methodology_detail.html", context)
