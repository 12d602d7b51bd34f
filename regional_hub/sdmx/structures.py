"""The hub's open data as SDMX structures, laid out as ILOSTAT lays out its own: one dataflow per
harmonised indicator (DF_<code>) with its data structure (DSD_<code>), whose dimensions are the
reference area, the frequency, the measure (the indicator's code) and the indicator's own concepts in
the catalogue's order, then the time period; the value is OBS_VALUE, with OBS_STATUS (ILOSTAT's
observation status), UNIT_MEASURE and UNIT_MULT. Plain data: built by selectors.sdmx_structures(),
chosen from here by a structure query, written by messages.py."""

import re
from dataclasses import dataclass, field

AGENCY = "CLMIS"
VERSION = "1.0"
CONCEPT_SCHEME = "CS_CLMIS"
TIME_PERIOD = "TIME_PERIOD"
ALL_DIMENSIONS = "AllDimensions"
OBS_VALUE = "OBS_VALUE"
OBS_STATUS = "OBS_STATUS"
UNIT_MEASURE = "UNIT_MEASURE"
UNIT_MULT = "UNIT_MULT"
# ILOSTAT's status of a value a country hides by disclosure control.
CONFIDENTIAL = "C"
# SDMX's value of an observation that is intentionally missing.
MISSING = "NaN"
MEASURE = "MEASURE"  # the indicator, as ILOSTAT keys name it
# The concepts before an indicator's own in every key.
LEADING = ("REF_AREA", "FREQ", MEASURE)
# Where ILOSTAT has one total code for the classification the countries report in, a fact that
# leaves the concept out is that total; elsewhere SDMX's cross-domain _T. AGE has no such code: its
# classifications each have their own total, and survey rates carry 15+ (AGE_YTHADULT_YGE15) as a
# code of their own beside any total.
TOTAL_CODES = {"SEX": "SEX_T", "ECO": "ECO_ISIC4_TOTAL", "OCU": "OCU_ISCO08_TOTAL", "MIG": "MIG_STATUS_TOTAL"}
CROSS_DOMAIN_TOTAL = "_T"
# Concepts whose codes are each country's own (a complaint's category, a district): their codelists
# hold the codes the facts use, not ILOSTAT's classification of the same name.
NATIONAL = frozenset({"CAT", "TYPE", "DISTRICT"})

# SDMX's IDType: what a code may be written with, in a codelist and in a key.
ID = re.compile(r"^[A-Za-z0-9_@$\-]+$")
NOT_IN_ID = re.compile(r"[^A-Za-z0-9_@$\-]")


@dataclass(frozen=True)
class Name:
    text: str
    lang: str


@dataclass(frozen=True)
class Code:
    id: str
    name: Name


@dataclass(frozen=True)
class Codelist:
    id: str
    name: Name
    codes: tuple[Code, ...]


@dataclass(frozen=True)
class Concept:
    id: str
    name: Name


@dataclass(frozen=True)
class Dataflow:
    """A harmonised indicator as a dataflow; its data structure has the same name and dimensions."""

    indicator: str
    name: Name
    description: Name | None
    dimensions: tuple[str, ...]  # the key's concepts, in order (TIME_PERIOD after them)
    unit: str
    multiplier: int

    @property
    def id(self) -> str:
        return f"DF_{self.indicator}"

    @property
    def structure(self) -> str:
        return f"DSD_{self.indicator}"

    @property
    def codelists(self) -> tuple[str, ...]:
        return (
            *(codelist_id(concept) for concept in self.dimensions),
            codelist_id(OBS_STATUS),
            codelist_id(UNIT_MEASURE),
        )


@dataclass(frozen=True)
class Structures:
    dataflows: dict[str, Dataflow]  # by dataflow id
    codelists: dict[str, Codelist]  # by codelist id
    concepts: tuple[Concept, ...]
    concept_scheme_name: Name

    def dataflow_of_structure(self, structure_id: str) -> Dataflow | None:
        return (
            self.dataflows.get("DF_" + structure_id.removeprefix("DSD_"))
            if structure_id.startswith("DSD_")
            else None
        )


@dataclass(frozen=True)
class Selection:
    """What a structure message holds: the artefacts by kind, and the items kept of item schemes
    queried by item (None: all of them)."""

    dataflows: tuple[str, ...] = ()
    datastructures: tuple[str, ...] = ()
    codelists: tuple[str, ...] = ()
    conceptschemes: tuple[str, ...] = ()
    items: frozenset[str] | None = None
    partial: frozenset[str] = field(default_factory=frozenset)  # item schemes cut to `items`

    def __bool__(self) -> bool:
        return bool(self.dataflows or self.datastructures or self.codelists or self.conceptschemes)


def codelist_id(concept: str) -> str:
    return f"CL_{concept}"


def total_code(concept: str) -> str:
    """The code of the total over a concept: what a fact that leaves the concept out is, in a key."""
    return TOTAL_CODES.get(concept, CROSS_DOMAIN_TOTAL)


def sdmx_code(code: str) -> str:
    """A code as SDMX may write it: a national code with a character an SDMX id cannot have (a "."
    in "1.2") has "_" in its place; its name in the codelist is the code as the country wrote it."""
    return code if ID.match(code) else NOT_IN_ID.sub("_", code)


def series_key(dimensions: list[str], breakdown: dict[str, str], areas: list[str]) -> str:
    """The key of a breakdown's series in the areas given (any frequency, any measure): what the
    regional explorer links to for the same values in SDMX."""
    codes = [
        sdmx_code(breakdown[c]) if c in breakdown else TOTAL_CODES.get(c, CROSS_DOMAIN_TOTAL)
        for c in dimensions
    ]
    return ".".join(["+".join(areas), "", "", *codes])


# A structure query's artefacts and what each refers to (SDMX-REST 1.x `references`).

KINDS = ("dataflow", "datastructure", "codelist", "conceptscheme")


def children(structures: Structures, kind: str, artefact: str) -> set[tuple[str, str]]:
    """The artefacts an artefact refers to: a dataflow its data structure; a data structure its
    codelists and the concept scheme."""
    if kind == "dataflow":
        return {("datastructure", structures.dataflows[artefact].structure)}
    if kind == "datastructure":
        flow = structures.dataflow_of_structure(artefact)
        return {("codelist", codelist) for codelist in flow.codelists} | {("conceptscheme", CONCEPT_SCHEME)}
    return set()


def parents(structures: Structures, kind: str, artefact: str) -> set[tuple[str, str]]:
    """The artefacts that refer to an artefact."""
    if kind == "datastructure":
        return {("dataflow", structures.dataflow_of_structure(artefact).id)}
    if kind in ("codelist", "conceptscheme"):
        return {
            ("datastructure", flow.structure)
            for flow in structures.dataflows.values()
            if kind == "conceptscheme" or artefact in flow.codelists
        }
    return set()


def references_of(
    structures: Structures, matched: set[tuple[str, str]], references: str
) -> set[tuple[str, str]]:
    """The artefacts `references` adds to those a query matched: none, parents, parentsandsiblings,
    children, descendants, all, or those of one kind among all of them."""
    if references == "none":
        return set()
    found_parents = set().union(*(parents(structures, *a) for a in matched))
    found_children = set().union(*(children(structures, *a) for a in matched))
    descendants, frontier = set(found_children), set(found_children)
    while frontier:
        frontier = set().union(*(children(structures, *a) for a in frontier)) - descendants
        descendants |= frontier
    siblings = found_parents | set().union(*(children(structures, *a) for a in found_parents))
    related = {
        "parents": found_parents,
        "parentsandsiblings": siblings,
        "children": found_children,
        "descendants": descendants,
        "all": siblings | descendants,
    }
    if references in related:
        return related[references]
    return {artefact for artefact in siblings | descendants if artefact[0] == references}
