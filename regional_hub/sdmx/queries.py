"""SDMX-REST 1.x queries as the hub reads them: the path and parameters of a structure or data query,
and the format asked for (the Accept header, or `format` where a browser cannot send one). Anything
the service cannot answer is an SdmxError, which the views answer as an SDMX error message with its
HTTP status — never a server error."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from modules.reports.periods import period_parse
from regional_hub.sdmx.structures import (
    AGENCY,
    ALL_DIMENSIONS,
    CONCEPT_SCHEME,
    ID,
    KINDS,
    TIME_PERIOD,
    VERSION,
    Dataflow,
    Selection,
    Structures,
    references_of,
)

# The SDMX 2.1 web services guidelines' error codes, with the HTTP status each goes with.
NO_RESULTS, SYNTAX, NOT_IMPLEMENTED, NOT_ACCEPTABLE = 100, 140, 501, 1000
STATUS = {NO_RESULTS: 404, SYNTAX: 400, NOT_IMPLEMENTED: 501, NOT_ACCEPTABLE: 406}

# The structure resources of SDMX-REST 1.x the service does not offer: asked for, they answer 501.
OTHER_RESOURCES = frozenset(
    {
        "metadatastructure",
        "categoryscheme",
        "hierarchicalcodelist",
        "organisationscheme",
        "agencyscheme",
        "dataproviderscheme",
        "dataconsumerscheme",
        "organisationunitscheme",
        "metadataflow",
        "reportingtaxonomy",
        "provisionagreement",
        "structureset",
        "process",
        "categorisation",
        "contentconstraint",
        "actualconstraint",
        "allowedconstraint",
        "attachmentconstraint",
        "transformationscheme",
        "rulesetscheme",
        "userdefinedoperatorscheme",
        "customtypescheme",
        "namepersonalisationscheme",
        "namealiasscheme",
        "structure",
        "schema",
        "metadata",
        "availableconstraint",
    }
)
REFERENCES = frozenset(
    {"none", "parents", "parentsandsiblings", "children", "descendants", "all", *KINDS, *OTHER_RESOURCES}
)
STRUCTURE_DETAILS = frozenset(
    {"full", "allstubs", "referencestubs", "allcompletestubs", "referencecompletestubs", "referencepartial"}
)
DATA_DETAILS = frozenset({"full", "dataonly", "serieskeysonly", "nodata"})

# Formats (media types without their parameters) and what each answers with.
STRUCTURE = "application/vnd.sdmx.structure+xml"
GENERIC = "application/vnd.sdmx.genericdata+xml"
STRUCTURE_SPECIFIC = "application/vnd.sdmx.structurespecificdata+xml"
SDMX_CSV = "application/vnd.sdmx.data+csv"
CSV = "text/csv"
ANY_XML = ("application/xml", "text/xml", "*/*", "application/*", "text/*")
VERSIONS = {STRUCTURE: "2.1", GENERIC: "2.1", STRUCTURE_SPECIFIC: "2.1", SDMX_CSV: "1.0.0"}
FORMAT_PARAMETER = {
    "structure": STRUCTURE,
    "genericdata": GENERIC,
    "structurespecificdata": STRUCTURE_SPECIFIC,
    "csv": SDMX_CSV,
    "sdmx-csv": SDMX_CSV,
}


class SdmxError(Exception):
    """What the service answers instead of a message: an SDMX error code and a sentence for people."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code, self.message = code, message

    @property
    def status(self) -> int:
        return STATUS[self.code]


@dataclass(frozen=True)
class StructureQuery:
    resource: str
    agencies: frozenset[str] | None  # None: any
    ids: frozenset[str] | None
    versions: frozenset[str] | None
    items: frozenset[str] | None
    references: str
    media_type: str


@dataclass(frozen=True)
class DataQuery:
    flow: Dataflow
    key: tuple[frozenset[str] | None, ...] | None  # codes wanted per dimension (None: any)
    start: date | None
    end: date | None
    dimension_at_observation: str
    detail: str
    first: int | None
    last: int | None
    media_type: str


def structure_query_parse(
    resource: str,
    agency: str | None,
    resource_id: str | None,
    version: str | None,
    items: str | None,
    params: Mapping[str, str],
    accept: str,
) -> StructureQuery:
    if resource in OTHER_RESOURCES:
        raise SdmxError(
            NOT_IMPLEMENTED, _("This service does not offer %(resource)s queries.") % {"resource": resource}
        )
    if resource not in KINDS:
        raise SdmxError(
            NO_RESULTS, _("%(resource)s is not a resource of this service.") % {"resource": resource}
        )
    if items and resource not in ("codelist", "conceptscheme"):
        raise SdmxError(SYNTAX, _("Only codelists and concept schemes are queried by item."))
    references = params.get("references", "none")
    if references not in REFERENCES:
        raise SdmxError(
            SYNTAX, _("references=%(value)s is not a value SDMX defines.") % {"value": references}
        )
    detail = params.get("detail", "full")
    if detail not in STRUCTURE_DETAILS:
        raise SdmxError(SYNTAX, _("detail=%(value)s is not a value SDMX defines.") % {"value": detail})
    if detail != "full":
        raise SdmxError(NOT_IMPLEMENTED, _("This service answers structure queries with detail=full only."))
    return StructureQuery(
        resource=resource,
        agencies=_choice(agency, "all"),
        ids=_choice(resource_id, "all"),
        versions=_choice(version, "all", "latest"),
        items=_choice(items, "all"),
        references=references,
        media_type=media_type_choose(accept, params.get("format", ""), (STRUCTURE,)),
    )


def flow_ref_parse(flow_ref: str, dataflows: Mapping[str, Dataflow]) -> Dataflow:
    """The dataflow of a flowRef: DF_X, AGENCY,DF_X or AGENCY,DF_X,VERSION."""
    parts = flow_ref.split(",")
    if len(parts) > 3 or not all(parts):
        raise SdmxError(
            SYNTAX,
            _("Write the dataflow as DF_X, %(agency)s,DF_X or %(agency)s,DF_X,1.0.") % {"agency": AGENCY},
        )
    agency, flow_id, version = (["all", *parts, "latest"] if len(parts) == 1 else [*parts, "latest"])[:3]
    flow = dataflows.get(flow_id)
    if (
        flow is None
        or (agency.lower() != "all" and agency != AGENCY)
        or (version.lower() not in ("latest", "all") and version != VERSION)
    ):
        raise SdmxError(NO_RESULTS, _("There is no dataflow %(flow)s.") % {"flow": flow_ref})
    return flow


def data_query_parse(
    flow: Dataflow, key: str | None, provider: str | None, params: Mapping[str, str], accept: str
) -> DataQuery:
    if provider and provider.lower() != "all" and provider not in (AGENCY, f"{AGENCY},{AGENCY}"):
        raise SdmxError(
            NO_RESULTS, _("There is no data from the provider %(provider)s.") % {"provider": provider}
        )
    if params.get("updatedAfter"):
        raise SdmxError(
            NOT_IMPLEMENTED, _("This service does not answer updatedAfter: ask for the whole data.")
        )
    if params.get("includeHistory", "false") != "false":
        raise SdmxError(NOT_IMPLEMENTED, _("This service does not offer the history of values."))
    start, end = (
        _period_bound(params, "startPeriod", start=True),
        _period_bound(params, "endPeriod", start=False),
    )
    if start and end and end < start:
        raise SdmxError(SYNTAX, _("endPeriod is before startPeriod."))
    at_observation = params.get("dimensionAtObservation", TIME_PERIOD)
    if at_observation not in (TIME_PERIOD, ALL_DIMENSIONS, *flow.dimensions):
        raise SdmxError(
            SYNTAX,
            _("dimensionAtObservation is %(time)s, AllDimensions or one of %(dimensions)s.")
            % {"time": TIME_PERIOD, "dimensions": ", ".join(flow.dimensions)},
        )
    detail = params.get("detail", "full")
    if detail not in DATA_DETAILS:
        raise SdmxError(SYNTAX, _("detail=%(value)s is not a value SDMX defines.") % {"value": detail})
    media_type = media_type_choose(
        accept, params.get("format", ""), (GENERIC, STRUCTURE_SPECIFIC, SDMX_CSV, CSV)
    )
    if detail in ("serieskeysonly", "nodata") and (
        at_observation == ALL_DIMENSIONS or media_type in (SDMX_CSV, CSV)
    ):
        raise SdmxError(
            NOT_IMPLEMENTED, _("Series without observations are given only in SDMX-ML, by series.")
        )
    return DataQuery(
        flow=flow,
        key=_key_parse(flow, key),
        start=start,
        end=end,
        dimension_at_observation=at_observation,
        detail=detail,
        first=_positive(params, "firstNObservations"),
        last=_positive(params, "lastNObservations"),
        media_type=media_type,
    )


def media_type_choose(accept: str, format_parameter: str, offered: tuple[str, ...]) -> str:
    """The format to answer in: `format` if given, else the most preferred of the Accept header
    that is offered (its version checked), else SDMX's default for the query (the first offered)."""
    if format_parameter:
        chosen = (
            offered[0]
            if format_parameter.lower() == "xml"
            else FORMAT_PARAMETER.get(format_parameter.lower())
        )
        if chosen not in offered:
            raise SdmxError(SYNTAX, _("format=%(value)s is not offered here.") % {"value": format_parameter})
        return chosen
    if not accept.strip():
        return offered[0]
    ranges = []
    for position, part in enumerate(accept.split(",")):
        kind, *parameters = [piece.strip() for piece in part.split(";")]
        values = dict(p.split("=", 1) for p in parameters if "=" in p)
        try:
            quality = float(values.get("q", "1"))
        except ValueError:
            quality = 0.0
        if quality > 0:
            ranges.append((-quality, position, kind.lower(), values.get("version")))
    for _quality, _position, kind, version in sorted(ranges):
        if kind in ANY_XML:
            return offered[0]
        if kind in offered and (version is None or version == VERSIONS.get(kind, version)):
            return kind
    raise SdmxError(
        NOT_ACCEPTABLE,
        _("This query is answered as %(offered)s only.") % {"offered": ", ".join(offered)},
    )


def _choice(value: str | None, *any_of: str) -> frozenset[str] | None:
    """A path parameter's values ("+" between them); None where it means any."""
    if value is None or value.lower() in any_of:
        return None
    return frozenset(value.split("+"))


def _key_parse(flow: Dataflow, key: str | None) -> tuple[frozenset[str] | None, ...] | None:
    if not key or key.lower() == "all":
        return None
    parts = key.split(".")
    if len(parts) != len(flow.dimensions):
        raise SdmxError(
            SYNTAX,
            _("The key has %(given)s parts; the dataflow %(flow)s has %(wanted)s dimensions: %(dimensions)s.")
            % {
                "given": len(parts),
                "flow": flow.id,
                "wanted": len(flow.dimensions),
                "dimensions": ".".join(flow.dimensions),
            },
        )
    wanted = []
    for part in parts:
        codes = frozenset(part.split("+")) if part else None
        if codes is not None and not all(ID.match(code) for code in codes):
            raise SdmxError(
                SYNTAX,
                _("%(part)s is not a code or codes joined by +: codes have letters, digits, _ and -.")
                % {"part": part},
            )
        wanted.append(codes)
    return tuple(wanted)


def _period_bound(params: Mapping[str, str], name: str, *, start: bool) -> date | None:
    """startPeriod's first day or endPeriod's last: a year, quarter or month (2025, 2025-Q1, 2025-03)
    or a day (2025-03-15; of a moment, 2025-03-15T08:00:00, its day)."""
    text = params.get(name, "").strip()
    if not text:
        return None
    try:
        if "T" in text:
            return datetime.fromisoformat(text).date()
        if len(text) == 10:
            return date.fromisoformat(text)
        period = period_parse(text)
    except (ValidationError, ValueError):
        raise SdmxError(
            SYNTAX,
            _(
                "%(name)s=%(value)s is not a period: write a year (2025), a quarter (2025-Q1), "
                "a month (2025-03) or a day (2025-03-15)."
            )
            % {"name": name, "value": text},
        ) from None
    return period.start if start else period.end


def _positive(params: Mapping[str, str], name: str) -> int | None:
    text = params.get(name, "")
    if not text:
        return None
    if not text.isdigit() or int(text) < 1:
        raise SdmxError(SYNTAX, _("%(name)s is a positive whole number.") % {"name": name})
    return int(text)


def structure_select(structures: Structures, query: StructureQuery) -> Selection:
    """The artefacts a structure query asks for, with those its `references` adds; an item query
    (codes of a codelist, concepts of the scheme) keeps those items only."""
    if (query.agencies is not None and AGENCY not in query.agencies) or (
        query.versions is not None and VERSION not in query.versions
    ):
        raise SdmxError(
            NO_RESULTS, _("This service has no such %(resource)s.") % {"resource": query.resource}
        )
    available = {
        "dataflow": [flow.id for flow in structures.dataflows.values()],
        "datastructure": [flow.structure for flow in structures.dataflows.values()],
        "codelist": list(structures.codelists),
        "conceptscheme": [CONCEPT_SCHEME],
    }[query.resource]
    matched = {
        (query.resource, artefact) for artefact in available if query.ids is None or artefact in query.ids
    }
    if query.items is not None:
        matched = {artefact for artefact in matched if _has_items(structures, artefact, query.items)}
    if not matched:
        raise SdmxError(
            NO_RESULTS, _("This service has no such %(resource)s.") % {"resource": query.resource}
        )
    chosen = matched | references_of(structures, matched, query.references)
    return Selection(
        **{f"{kind}s": tuple(sorted(a for k, a in chosen if k == kind)) for kind in KINDS},
        items=query.items,
        partial=frozenset(artefact for _kind, artefact in matched)
        if query.items is not None
        else frozenset(),
    )


def _has_items(structures: Structures, artefact: tuple[str, str], items: frozenset[str]) -> bool:
    kind, artefact_id = artefact
    if kind == "codelist":
        return any(code.id in items for code in structures.codelists[artefact_id].codes)
    return any(concept.id in items for concept in structures.concepts)
