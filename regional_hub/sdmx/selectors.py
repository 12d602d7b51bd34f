"""What the SDMX service reads: the structures (from the catalogue, the countries and the codes the
facts use) and a data query's observations (from the fact table only, through facts_published)."""

import logging
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from modules.indicators.models import Indicator, Observation
from regional_hub.catalogue.models import Codelist as CatalogueCodelist
from regional_hub.catalogue.selectors import current_definition, indicators_with_definition
from regional_hub.facts.models import Fact
from regional_hub.facts.selectors import breakdown_codes, facts_published, frequency_of
from regional_hub.sdmx.queries import NO_RESULTS, DataQuery, SdmxError
from regional_hub.sdmx.structures import (
    CONFIDENTIAL,
    LEADING,
    MEASURE,
    MISSING,
    NATIONAL,
    OBS_STATUS,
    OBS_VALUE,
    TIME_PERIOD,
    UNIT_MEASURE,
    UNIT_MULT,
    Code,
    Codelist,
    Concept,
    Dataflow,
    Name,
    Structures,
    codelist_id,
    sdmx_code,
    total_code,
)
from tenants.models import Country

logger = logging.getLogger(__name__)
ENGLISH = "en"  # the catalogue's and ILOSTAT's wording
MEASURED = (OBS_VALUE, OBS_STATUS, UNIT_MEASURE, UNIT_MULT)


@dataclass(frozen=True)
class SdmxObservation:
    """One observation of a data message: its key (the flow's dimensions, in order), its period, its
    value as SDMX writes it (NaN where the country hides it) and its status."""

    key: tuple[str, ...]
    period: str
    value: str
    status: str


def sdmx_dataflows() -> dict[str, Dataflow]:
    """A dataflow per harmonised indicator, by dataflow id, named by its current definition (what a
    data query needs: two queries, no codelist)."""
    dataflows = {}
    for indicator in indicators_with_definition().order_by("code"):
        definition = current_definition(indicator)
        flow = Dataflow(
            indicator=indicator.code,
            name=Name(definition.name if definition else indicator.code, ENGLISH),
            description=Name(definition.definition, ENGLISH)
            if definition and definition.definition
            else None,
            dimensions=(*LEADING, *indicator.dimensions),
            unit=indicator.unit,
            multiplier=indicator.multiplier,
        )
        dataflows[flow.id] = flow
    return dataflows


def sdmx_structures() -> Structures:
    """The dataflows with the concepts and codelists they use."""
    language = get_language() or settings.LANGUAGE_CODE
    dataflows = sdmx_dataflows()
    concepts = _concepts(language, dataflows.values())
    names = {concept.id: concept.name for concept in concepts}
    own = {concept.id for concept in concepts} - set(LEADING) - {TIME_PERIOD, *MEASURED}
    codelists = {codelist.id: codelist for codelist in _codelists(language, names, dataflows, own)}
    return Structures(
        dataflows=dataflows,
        codelists=codelists,
        concepts=tuple(concepts),
        concept_scheme_name=Name(_("Concepts of the regional labour market information"), language),
    )


def sdmx_observations(query: DataQuery) -> list[SdmxObservation]:
    """The observations a data query asks for, in key and period order: the flow's facts of the
    countries and periods asked, then (in Python, where the codes are SDMX's: totals, national codes
    as SDMX writes them) those of the key; first/lastNObservations per series."""
    flow, key = query.flow, query.key
    facts = facts_published(
        indicator=flow.indicator, countries=(key[0] or ()) if key else (), start=query.start, end=query.end
    )
    found: dict[tuple[tuple[str, ...], str], SdmxObservation] = {}
    for fact in facts:
        observation = _observation(flow, fact)
        if key and not all(
            wanted is None or code in wanted for code, wanted in zip(observation.key, key, strict=True)
        ):
            continue
        if (observation.key, observation.period) in found:
            # Two facts that SDMX writes alike (a total given twice): one observation, the first.
            logger.warning(
                "%s %s %s: two facts with one SDMX key", flow.id, observation.key, observation.period
            )
            continue
        found[(observation.key, observation.period)] = observation
    if not found:
        raise SdmxError(NO_RESULTS, _("No data matches the query."))
    observations = sorted(found.values(), key=lambda o: (o.key, o.period))
    if query.first or query.last:
        observations = _first_and_last(observations, query.first, query.last)
    return observations


def _observation(flow: Dataflow, fact: Fact) -> SdmxObservation:
    codes = [fact.country.iso3, frequency_of(fact.period), flow.indicator]
    for concept in flow.dimensions[len(LEADING) :]:
        code = fact.dimensions.get(concept)
        codes.append(total_code(concept) if code is None else sdmx_code(code))
    if fact.suppressed:
        value, status = MISSING, CONFIDENTIAL
    else:
        value, status = _number(fact.value), fact.flag
    return SdmxObservation(tuple(codes), fact.period, value, status)


def _first_and_last(
    observations: list[SdmxObservation], first: int | None, last: int | None
) -> list[SdmxObservation]:
    series: dict[tuple[str, ...], list[SdmxObservation]] = defaultdict(list)
    for observation in observations:
        series[observation.key].append(observation)
    kept = []
    for values in series.values():
        chosen = (values[:first] if first else []) + (values[-last:] if last else [])
        kept.extend(sorted(set(chosen), key=lambda o: o.period))
    return kept


def _number(value: Decimal | None) -> str:
    return MISSING if value is None else f"{value.normalize():f}"


def _concepts(language: str, dataflows) -> list[Concept]:
    titles = dict(Indicator.Dimension.choices)
    used = []
    for flow in dataflows:
        used.extend(concept for concept in flow.dimensions if concept not in used)
    labels = {
        "REF_AREA": _("Reference area"),
        "FREQ": _("Frequency"),
        MEASURE: _("Indicator"),
        TIME_PERIOD: _("Time period"),
        OBS_VALUE: _("Observation value"),
        OBS_STATUS: _("Observation status"),
        UNIT_MEASURE: _("Unit of measure"),
        UNIT_MULT: _("Unit multiplier (power of ten)"),
    }
    ordered = [*LEADING, *(c for c in used if c not in LEADING), TIME_PERIOD, *MEASURED]
    return [
        Concept(concept, Name(str(labels.get(concept) or titles.get(concept, concept)), language))
        for concept in ordered
    ]


def _codelists(
    language: str, names: dict[str, Name], dataflows: dict[str, Dataflow], concepts: set[str]
) -> list[Codelist]:
    """A codelist per coded concept: ILOSTAT's (from the catalogue) with any code the facts use that
    it lacks and the concept's total; a national concept's holds the codes the facts use. The
    countries are named as the hub names them, the indicators by their current definition."""
    in_facts = breakdown_codes()
    catalogue = {
        codelist.concept: codelist
        for codelist in CatalogueCodelist.objects.filter(
            concept__in=concepts | {"REF_AREA", OBS_STATUS}
        ).prefetch_related("codes")
    }
    areas = _ilostat(catalogue.get("REF_AREA"))
    countries = {country.iso3: Name(country.name, ENGLISH) for country in Country.objects.all()}
    places = areas | countries
    measures = {flow.indicator: flow.name for flow in dataflows.values()}
    codelists = [
        _codelist("REF_AREA", names, places),
        _codelist(
            "FREQ", names, {code: Name(str(label), language) for code, label in Indicator.Frequency.choices}
        ),
        _codelist(MEASURE, names, measures),
    ]
    for concept in sorted(concepts):
        codes = {} if concept in NATIONAL else _ilostat(catalogue.get(concept))
        total = total_code(concept)
        codes.setdefault(total, Name(_("Total"), language))
        for code in sorted(in_facts.get(concept, ())):
            # A country's own code (ISO alpha-3 of a citizenship, a district) named where the hub can.
            codes.setdefault(sdmx_code(code), places.get(code, Name(code, ENGLISH)))
        codelists.append(_codelist(concept, names, codes))
    codelists.append(
        _codelist(
            OBS_STATUS,
            names,
            _ilostat(catalogue.get(OBS_STATUS))
            or {code: Name(str(label), language) for code, label in Observation.Flag.choices},
        )
    )
    codelists.append(
        _codelist(
            UNIT_MEASURE, names, {code: Name(str(label), language) for code, label in Indicator.Unit.choices}
        )
    )
    return codelists


def _ilostat(codelist: CatalogueCodelist | None) -> dict[str, Name]:
    """The catalogue's codes of a concept; where it holds several of ILOSTAT's classifications, each
    code's name says which ("Age (10-year bands): 15-24")."""
    if codelist is None:
        return {}
    codes = list(codelist.codes.all())
    several = len({code.classification for code in codes}) > 1
    return {
        code.code: Name(
            f"{code.classification}: {code.label}" if several and code.classification else code.label, ENGLISH
        )
        for code in codes
    }


def _codelist(concept: str, names: dict[str, Name], codes: dict[str, Name]) -> Codelist:
    return Codelist(
        codelist_id(concept), names[concept], tuple(Code(code, name) for code, name in codes.items())
    )
