"""SDMX messages as the service writes them: SDMX-ML 2.1 structure, generic data, structure-specific
data and error messages, and SDMX-CSV 1.0. Elements are written with SDMX's own prefixes declared on
the root (mes, str, com, gen, ss), so what is written is exactly what SDMX-ML 2.1 readers expect."""

import csv
import io
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from itertools import groupby

from django.utils import timezone
from django.utils.translation import get_language

from regional_hub.sdmx.queries import DataQuery, SdmxError
from regional_hub.sdmx.selectors import SdmxObservation
from regional_hub.sdmx.structures import (
    AGENCY,
    ALL_DIMENSIONS,
    CONCEPT_SCHEME,
    MEASURE,
    OBS_STATUS,
    OBS_VALUE,
    TIME_PERIOD,
    UNIT_MEASURE,
    UNIT_MULT,
    VERSION,
    Codelist,
    Dataflow,
    Name,
    Selection,
    Structures,
    codelist_id,
)

SCHEMAS = "http://www.sdmx.org/resources/sdmxml/schemas/v2_1"
NAMESPACES = {
    "mes": f"{SCHEMAS}/message",
    "str": f"{SCHEMAS}/structure",
    "com": f"{SCHEMAS}/common",
    "gen": f"{SCHEMAS}/data/generic",
    "ss": f"{SCHEMAS}/data/structurespecific",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
URN = "urn:sdmx:org.sdmx.infomodel"


def structure_message(structures: Structures, selection: Selection) -> bytes:
    """A structure message with the artefacts selected, in the order SDMX-ML 2.1 lays them out."""
    root = _root("mes:Structure", "mes", "str", "com")
    _header(root)
    holder = _sub(root, "mes:Structures")
    if selection.dataflows:
        flows = _sub(holder, "str:Dataflows")
        for flow_id in selection.dataflows:
            _dataflow(flows, structures.dataflows[flow_id])
    if selection.codelists:
        codelists = _sub(holder, "str:Codelists")
        for codelist in selection.codelists:
            _codelist(codelists, structures.codelists[codelist], selection)
    if selection.conceptschemes:
        _concept_scheme(_sub(holder, "str:Concepts"), structures, selection)
    if selection.datastructures:
        dsds = _sub(holder, "str:DataStructures")
        for dsd in selection.datastructures:
            _datastructure(dsds, structures.dataflow_of_structure(dsd))
    return _bytes(root)


def error_message(error: SdmxError) -> bytes:
    root = _root("mes:Error", "mes", "com")
    message = _sub(root, "mes:ErrorMessage", code=str(error.code))
    _sub(message, "com:Text", error.message, **{"xml:lang": _language()})
    return _bytes(root)


def generic_data_message(query: DataQuery, observations: list[SdmxObservation]) -> bytes:
    """Generic data (SDMX's default for data): every value named by its concept in the message."""
    flow, at_observation = query.flow, query.dimension_at_observation
    root = _root("mes:GenericData", "mes", "gen", "com")
    _data_header(root, flow, at_observation, namespace=None)
    data_set = _sub(root, "mes:DataSet", structureRef=_structure_ref(flow))
    if at_observation == ALL_DIMENSIONS:
        for observation in observations:
            obs = _sub(data_set, "gen:Obs")
            key = _sub(obs, "gen:ObsKey")
            for concept, code in _full_key(flow, observation):
                _sub(key, "gen:Value", id=concept, value=code)
            _generic_measure(obs, query, observation, _unit(flow))
        return _bytes(root)
    for series_key, members in _series(flow, at_observation, observations):
        series = _sub(data_set, "gen:Series")
        key = _sub(series, "gen:SeriesKey")
        for concept, code in series_key:
            _sub(key, "gen:Value", id=concept, value=code)
        if query.detail in ("full", "nodata") and at_observation != MEASURE:
            _generic_attributes(series, _unit(flow))
        if query.detail in ("serieskeysonly", "nodata"):
            continue
        for observation in members:
            obs = _sub(series, "gen:Obs")
            _sub(obs, "gen:ObsDimension", value=dict(_full_key(flow, observation))[at_observation])
            _generic_measure(obs, query, observation, _unit(flow) if at_observation == MEASURE else [])
    return _bytes(root)


def structure_specific_data_message(query: DataQuery, observations: list[SdmxObservation]) -> bytes:
    """Structure-specific data: concepts as XML attributes, as the data structure defines them."""
    flow, at_observation = query.flow, query.dimension_at_observation
    namespace = (
        f"{URN}.datastructure.DataStructure={AGENCY}:{flow.structure}({VERSION}):ObsLevelDim:{at_observation}"
    )
    root = _root("mes:StructureSpecificData", "mes", "ss", "com", "xsi")
    root.set("xmlns:ns1", namespace)
    _data_header(root, flow, at_observation, namespace=namespace)
    data_set = _sub(
        root,
        "mes:DataSet",
        **{
            "ss:structureRef": _structure_ref(flow),
            "xsi:type": "ns1:DataSetType",
            "ss:dataScope": "DataStructure",
        },
    )
    attributes = query.detail in ("full", "nodata")
    if at_observation == ALL_DIMENSIONS:
        for observation in observations:
            values = dict(_full_key(flow, observation))
            values.update(_measure(query, observation))
            if attributes:
                values.update(_unit(flow))
            _sub(data_set, "Obs", **values)
        return _bytes(root)
    for series_key, members in _series(flow, at_observation, observations):
        values = dict(series_key)
        if attributes and at_observation != MEASURE:
            values.update(_unit(flow))
        series = _sub(data_set, "Series", **values)
        if query.detail in ("serieskeysonly", "nodata"):
            continue
        for observation in members:
            values = {at_observation: dict(_full_key(flow, observation))[at_observation]}
            values.update(_measure(query, observation))
            if attributes and at_observation == MEASURE:
                values.update(_unit(flow))
            _sub(series, "Obs", **values)
    return _bytes(root)


def csv_data_message(query: DataQuery, observations: list[SdmxObservation]) -> str:
    """SDMX-CSV 1.0: one observation a row, the dataflow first, the concepts by their ids."""
    flow = query.flow
    attributes = [OBS_STATUS, UNIT_MEASURE, UNIT_MULT] if query.detail == "full" else []
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["DATAFLOW", *flow.dimensions, TIME_PERIOD, OBS_VALUE, *attributes])
    unit = dict(_unit(flow))
    for observation in observations:
        cells = {OBS_STATUS: observation.status, **unit}
        writer.writerow(
            [
                f"{AGENCY}:{flow.id}({VERSION})",
                *observation.key,
                observation.period,
                observation.value,
                *(cells[attribute] for attribute in attributes),
            ]
        )
    return out.getvalue()


# Structures


def _dataflow(parent: ET.Element, flow: Dataflow) -> None:
    element = _maintainable(
        parent, "str:Dataflow", flow.id, f"{URN}.datastructure.Dataflow", flow.name, flow.description
    )
    structure = _sub(element, "str:Structure")
    _ref(
        structure,
        id=flow.structure,
        version=VERSION,
        agencyID=AGENCY,
        package="datastructure",
        cls="DataStructure",
    )


def _codelist(parent: ET.Element, codelist: Codelist, selection: Selection) -> None:
    partial = codelist.id in selection.partial
    element = _maintainable(
        parent, "str:Codelist", codelist.id, f"{URN}.codelist.Codelist", codelist.name, None
    )
    if partial:
        element.set("isPartial", "true")
    for code in codelist.codes:
        if partial and code.id not in selection.items:
            continue
        item = _sub(
            element,
            "str:Code",
            id=code.id,
            urn=f"{URN}.codelist.Code={AGENCY}:{codelist.id}({VERSION}).{code.id}",
        )
        _name(item, "com:Name", code.name)


def _concept_scheme(parent: ET.Element, structures: Structures, selection: Selection) -> None:
    partial = CONCEPT_SCHEME in selection.partial
    element = _maintainable(
        parent,
        "str:ConceptScheme",
        CONCEPT_SCHEME,
        f"{URN}.conceptscheme.ConceptScheme",
        structures.concept_scheme_name,
        None,
    )
    if partial:
        element.set("isPartial", "true")
    for concept in structures.concepts:
        if partial and concept.id not in selection.items:
            continue
        urn = f"{URN}.conceptscheme.Concept={AGENCY}:{CONCEPT_SCHEME}({VERSION}).{concept.id}"
        _name(_sub(element, "str:Concept", id=concept.id, urn=urn), "com:Name", concept.name)


def _datastructure(parent: ET.Element, flow: Dataflow) -> None:
    element = _maintainable(
        parent,
        "str:DataStructure",
        flow.structure,
        f"{URN}.datastructure.DataStructure",
        flow.name,
        flow.description,
    )
    components = _sub(element, "str:DataStructureComponents")
    dimensions = _sub(components, "str:DimensionList", id="DimensionDescriptor")
    for position, concept in enumerate(flow.dimensions, start=1):
        dimension = _sub(dimensions, "str:Dimension", id=concept, position=str(position))
        _concept_ref(dimension, concept)
        _enumeration(dimension, concept)
    time = _sub(dimensions, "str:TimeDimension", id=TIME_PERIOD, position=str(len(flow.dimensions) + 1))
    _concept_ref(time, TIME_PERIOD)
    _text_format(time, "ObservationalTimePeriod")
    attributes = _sub(components, "str:AttributeList", id="AttributeDescriptor")
    status = _sub(attributes, "str:Attribute", id=OBS_STATUS, assignmentStatus="Conditional")
    _concept_ref(status, OBS_STATUS)
    _enumeration(status, OBS_STATUS)
    _ref(_sub(_sub(status, "str:AttributeRelationship"), "str:PrimaryMeasure"), id=OBS_VALUE)
    # The unit is the indicator's: it goes with the MEASURE dimension, so with each series.
    for concept in (UNIT_MEASURE, UNIT_MULT):
        attribute = _sub(attributes, "str:Attribute", id=concept, assignmentStatus="Mandatory")
        _concept_ref(attribute, concept)
        if concept == UNIT_MEASURE:
            _enumeration(attribute, concept)
        else:
            _text_format(attribute, "Integer")
        _ref(_sub(_sub(attribute, "str:AttributeRelationship"), "str:Dimension"), id=MEASURE)
    measures = _sub(components, "str:MeasureList", id="MeasureDescriptor")
    measure = _sub(measures, "str:PrimaryMeasure", id=OBS_VALUE)
    _concept_ref(measure, OBS_VALUE)
    _text_format(measure, "Double")


def _maintainable(
    parent, tag: str, artefact: str, urn_class: str, name: Name, description: Name | None
) -> ET.Element:
    element = _sub(
        parent,
        tag,
        id=artefact,
        agencyID=AGENCY,
        version=VERSION,
        urn=f"{urn_class}={AGENCY}:{artefact}({VERSION})",
        isFinal="false",
    )
    _name(element, "com:Name", name)
    if description is not None:
        _name(element, "com:Description", description)
    return element


def _concept_ref(parent: ET.Element, concept: str) -> None:
    identity = _sub(parent, "str:ConceptIdentity")
    _ref(
        identity,
        id=concept,
        maintainableParentID=CONCEPT_SCHEME,
        maintainableParentVersion=VERSION,
        agencyID=AGENCY,
        package="conceptscheme",
        cls="Concept",
    )


def _enumeration(parent: ET.Element, concept: str) -> None:
    enumeration = _sub(_sub(parent, "str:LocalRepresentation"), "str:Enumeration")
    _ref(
        enumeration,
        id=codelist_id(concept),
        version=VERSION,
        agencyID=AGENCY,
        package="codelist",
        cls="Codelist",
    )


def _text_format(parent: ET.Element, text_type: str) -> None:
    _sub(_sub(parent, "str:LocalRepresentation"), "str:TextFormat", textType=text_type)


def _ref(parent: ET.Element, *, cls: str = "", **attributes: str) -> None:
    if cls:
        attributes["class"] = cls
    _sub(parent, "Ref", **attributes)


# Data


def _data_header(root: ET.Element, flow: Dataflow, at_observation: str, *, namespace: str | None) -> None:
    header = _header(root)
    attributes = {"structureID": _structure_ref(flow)}
    if namespace:
        attributes["namespace"] = namespace
    attributes["dimensionAtObservation"] = at_observation
    structure = _sub(header, "mes:Structure", **attributes)
    _ref(_sub(structure, "com:Structure"), agencyID=AGENCY, id=flow.structure, version=VERSION)


def _series(flow: Dataflow, at_observation: str, observations: list[SdmxObservation]):
    """The observations grouped by series: the key without the dimension at observation level."""

    def series_key(observation: SdmxObservation) -> tuple[tuple[str, str], ...]:
        return tuple(
            (concept, code) for concept, code in _full_key(flow, observation) if concept != at_observation
        )

    return groupby(sorted(observations, key=series_key), key=series_key)


def _full_key(flow: Dataflow, observation: SdmxObservation) -> list[tuple[str, str]]:
    return [*zip(flow.dimensions, observation.key, strict=True), (TIME_PERIOD, observation.period)]


def _measure(query: DataQuery, observation: SdmxObservation) -> dict[str, str]:
    values = {OBS_VALUE: observation.value}
    if query.detail == "full" and observation.status:
        values[OBS_STATUS] = observation.status
    return values


def _unit(flow: Dataflow) -> list[tuple[str, str]]:
    """The unit attributes: they go with MEASURE, so with each series, or each observation where
    MEASURE is at observation level (or every dimension is)."""
    return [(UNIT_MEASURE, flow.unit), (UNIT_MULT, str(flow.multiplier))]


def _generic_measure(obs: ET.Element, query: DataQuery, observation: SdmxObservation, unit: list) -> None:
    _sub(obs, "gen:ObsValue", value=observation.value)
    if query.detail != "full":
        return
    attributes = [(OBS_STATUS, observation.status)] if observation.status else []
    _generic_attributes(obs, attributes + list(unit))


def _generic_attributes(parent: ET.Element, values: Iterable[tuple[str, str]]) -> None:
    values = list(values)
    if values:
        holder = _sub(parent, "gen:Attributes")
        for concept, value in values:
            _sub(holder, "gen:Value", id=concept, value=value)


def _structure_ref(flow: Dataflow) -> str:
    return f"{AGENCY}_{flow.structure}_{VERSION.replace('.', '_')}"


# Writing


def _root(tag: str, *prefixes: str) -> ET.Element:
    return ET.Element(tag, {f"xmlns:{prefix}": NAMESPACES[prefix] for prefix in prefixes})


def _header(root: ET.Element) -> ET.Element:
    header = _sub(root, "mes:Header")
    _sub(header, "mes:ID", f"IREF{uuid.uuid4().hex}")
    _sub(header, "mes:Test", "false")
    _sub(header, "mes:Prepared", timezone.now().isoformat(timespec="seconds"))
    _sub(header, "mes:Sender", id=AGENCY)
    return header


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def _name(parent: ET.Element, tag: str, name: Name) -> None:
    _sub(parent, tag, name.text, **{"xml:lang": name.lang})


def _language() -> str:
    return get_language() or "en"


def _bytes(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
