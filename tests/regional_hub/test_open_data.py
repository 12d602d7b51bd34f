"""The hub's open data API: anyone reads the harmonised indicators (with their current definition),
the countries and the values they publish, as JSON pages or whole CSV files, filtered by indicator,
country, period range and breakdown; a value a country hides is null with the reason; bad filters
are refused with every reason; the endpoints are in the hub's OpenAPI description."""

import csv
import io
from datetime import date

import pytest
from django_tenants.utils import get_public_schema_name, schema_context

from regional_hub.catalogue.models import HarmonisedIndicator
from regional_hub.catalogue.services import definition_change
from regional_hub.facts.selectors import facts_published
from tests.regional_hub.support import fact_make

VALUES = "/api/v1/open/values/"


@pytest.fixture
def published(kn, lc):
    fact_make(kn, "UNE_DEAP_SEX_AGE_RT", "2024", {}, "8.1")
    fact_make(kn, "UNE_DEAP_SEX_AGE_RT", "2025", {}, "8.5", flag="E", agency="Department of Statistics")
    fact_make(kn, "UNE_DEAP_SEX_AGE_RT", "2025", {"SEX": "SEX_F"}, "9.0", numerator=900, denominator=10000)
    fact_make(kn, "UNE_DEAP_SEX_AGE_RT", "2025", {"SEX": "SEX_F", "AGE": "AGE_YTHADULT_Y15-24"}, "20.1")
    fact_make(kn, "UNE_DEAP_SEX_AGE_RT", "2025-Q1", {}, "8.7")
    fact_make(lc, "UNE_DEAP_SEX_AGE_RT", "2025", {"SEX": "SEX_M"}, None, suppressed="primary")
    fact_make(kn, "CMP_RECV_SEX_CAT_NB", "2025-03", {"CAT": "WAGES"}, "4")


def _rows(client, query: str = "") -> list[dict]:
    answer = client.get(f"{VALUES}?page_size=200&{query}")
    assert answer.status_code == 200, answer.content
    return answer.json()["results"]


def _keys(rows: list[dict]) -> set[tuple]:
    return {
        (row["indicator"], row["country"], row["period"], tuple(sorted(row["breakdown"].items())))
        for row in rows
    }


def test_anyone_reads_the_published_values_with_their_provenance(client, published):
    # No sign-in, and a token is not even looked at (a wrong one is no reason to refuse open data).
    answer = client.get(VALUES, HTTP_HOST="localhost", HTTP_AUTHORIZATION="Token not-a-token")
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 7
    women = next(row for row in body["results"] if row["breakdown"] == {"SEX": "SEX_F"})
    assert women == {
        "indicator": "UNE_DEAP_SEX_AGE_RT",
        "country": "KNA",
        "period": "2025",
        "frequency": "A",
        "breakdown": {"SEX": "SEX_F"},
        "value": "9.0000",
        "numerator": "900.0000",
        "denominator": "10000.0000",
        "flag": "",
        "suppressed": "",
        "revised": False,
        "unit": "PT",
        "multiplier": 0,
        "agency": "",
        "national_revision": None,
        "definition_version": 1,
        "published_at": None,
        "collected_at": women["collected_at"],
    }
    hidden = next(row for row in body["results"] if row["country"] == "LCA")
    assert (hidden["value"], hidden["suppressed"]) == (None, "primary")  # never a zero


def test_values_are_filtered_by_indicator_country_period_and_breakdown(hub_client, published):
    assert {row["indicator"] for row in _rows(hub_client, "indicator=CMP_RECV_SEX_CAT_NB")} == {
        "CMP_RECV_SEX_CAT_NB"
    }
    assert {row["country"] for row in _rows(hub_client, "country=lca")} == {"LCA"}
    assert len(_rows(hub_client, "country=KNA,LCA&indicator=UNE_DEAP_SEX_AGE_RT")) == 6
    assert {row["period"] for row in _rows(hub_client, "frequency=Q")} == {"2025-Q1"}
    within = _rows(hub_client, "start_period=2025-Q1&end_period=2025-Q2")
    assert {row["period"] for row in within} == {"2025-Q1", "2025-03"}  # 2025 is not wholly within
    assert {row["period"] for row in _rows(hub_client, "end_period=2024")} == {"2024"}
    assert _keys(_rows(hub_client, "SEX=SEX_F")) == {
        ("UNE_DEAP_SEX_AGE_RT", "KNA", "2025", (("SEX", "SEX_F"),)),
        ("UNE_DEAP_SEX_AGE_RT", "KNA", "2025", (("AGE", "AGE_YTHADULT_Y15-24"), ("SEX", "SEX_F"))),
    }
    # _T: the total over a concept; women of every age.
    women = _rows(hub_client, "indicator=UNE_DEAP_SEX_AGE_RT&SEX=SEX_F&AGE=_T")
    assert [row["value"] for row in women] == ["9.0000"]
    totals = _rows(hub_client, "indicator=UNE_DEAP_SEX_AGE_RT&country=KNA&SEX=_T&AGE=_T")
    assert [row["period"] for row in totals] == ["2024", "2025", "2025-Q1"]
    assert {row["value"] for row in _rows(hub_client, "SEX=SEX_F,SEX_M&AGE=_T")} == {"9.0000", None}


def test_values_as_csv_are_the_whole_selection_with_a_column_per_concept(hub_client, published):
    answer = hub_client.get(f"{VALUES}?format=csv&page_size=1&indicator=UNE_DEAP_SEX_AGE_RT")
    assert answer["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(answer.content.decode())))
    assert len(rows) == 6  # whole, not a page
    assert list(rows[0])[:7] == ["indicator", "country", "period", "frequency", "SEX", "AGE", "ECO"]
    youth = next(row for row in rows if row["AGE"])
    assert (youth["SEX"], youth["AGE"], youth["value"], youth["CAT"]) == (
        "SEX_F",
        "AGE_YTHADULT_Y15-24",
        "20.1000",
        "",
    )
    hidden = next(row for row in rows if row["country"] == "LCA")
    assert (hidden["value"], hidden["suppressed"]) == ("", "primary")


def test_bad_filters_are_refused_with_every_reason_even_when_csv_was_asked(hub_client, published):
    answer = hub_client.get(
        f"{VALUES}?format=csv&indicator=NOPE&country=KNA,XYZ&start_period=2025-Q5&frequency=W&SEX=SEX_F"
    )
    assert answer.status_code == 400 and answer["Content-Type"] == "application/json"
    body = answer.json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) == {"indicator", "country", "start_period", "frequency"}
    assert "XYZ" in body["errors"]["country"][0]
    backwards = hub_client.get(f"{VALUES}?start_period=2025&end_period=2024-Q4").json()
    assert set(backwards["errors"]) == {"end_period"}


def test_the_indicators_are_read_with_their_current_definition(hub_client, published):
    with schema_context(get_public_schema_name()):
        definition_change(
            indicator=HarmonisedIndicator.objects.get(code="EAP_DWAP_SEX_AGE_RT"),
            name="Labour force participation rate (19th ICLS)",
            definition="Labour force as a share of the working-age population.",
            since_year=2026,
            reason="The region adopts the 19th ICLS.",
            by=None,
        )
    body = hub_client.get("/api/v1/open/indicators/?page_size=200").json()
    assert body["count"] == HarmonisedIndicator.objects.count()
    participation = next(row for row in body["results"] if row["code"] == "EAP_DWAP_SEX_AGE_RT")
    assert participation["name"] == "Labour force participation rate (19th ICLS)"
    assert (participation["definition_version"], participation["definition_since"]) == (2, 2026)
    assert (
        participation["dimensions"] == ["SEX", "AGE"]
        and participation["sdmx_dataflow"] == "DF_EAP_DWAP_SEX_AGE_RT"
    )
    by_topic = hub_client.get("/api/v1/open/indicators/?topic=migration&dimension=CDS").json()["results"]
    assert {row["code"] for row in by_topic} == {
        "MNA_OEMP_SEX_CDS_NB",
        "MAS_CASE_SEX_CDS_NB",
        "MAS_RCST_NOC_RT",
    }
    assert hub_client.get("/api/v1/open/indicators/?topic=astrology").status_code == 400
    table = hub_client.get("/api/v1/open/indicators/?format=csv&q=UNE_DEAP").content.decode().splitlines()
    assert table[1].startswith("UNE_DEAP_SEX_AGE_RT,Unemployment rate by sex and age,") and "A;Q" in table[1]


def test_the_countries_are_listed(hub_client):
    body = hub_client.get("/api/v1/open/countries/").json()
    assert {(row["code"], row["iso3"], row["name"]) for row in body["results"]} >= {
        ("kn", "KNA", "Saint Kitts and Nevis"),
        ("lc", "LCA", "Saint Lucia"),
    }
    assert (
        hub_client.get("/api/v1/open/countries/?format=csv").content.decode().startswith("code,iso3,name\r\n")
    )


def test_the_open_data_is_in_the_hub_s_openapi_description_only(hub_client, kn_client):
    paths = hub_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()["paths"]
    values = paths["/api/v1/open/values/"]["get"]
    parameters = {parameter["name"] for parameter in values["parameters"]}
    assert {"indicator", "country", "start_period", "end_period", "SEX", "DISTRICT", "page"} <= parameters
    assert {"application/json", "text/csv"} <= set(values["responses"]["200"]["content"])
    assert not values.get("security") or {} in values["security"]  # no sign-in
    assert {"/api/v1/open/indicators/", "/api/v1/open/countries/"} <= set(paths)
    assert kn_client.get(VALUES).status_code == 404


@pytest.mark.parametrize(
    ("start", "end", "periods"),
    [
        (
            date(2025, 1, 1),
            date(2025, 12, 31),
            {"2025", "2025-Q1", "2025-Q4", "2025-01", "2025-02", "2025-12"},
        ),
        (date(2025, 1, 2), None, {"2025-Q4", "2025-02", "2025-12", "2026", "2026-01"}),
        (None, date(2025, 12, 30), {"2024", "2025-Q1", "2025-01", "2025-02"}),
        (date(2025, 1, 1), date(2025, 3, 31), {"2025-Q1", "2025-01", "2025-02"}),
        (date(2025, 2, 1), date(2025, 2, 28), {"2025-02"}),
        (date(2025, 12, 1), date(2026, 1, 31), {"2025-12", "2026-01"}),
        (
            date(2024, 6, 1),
            date(2026, 12, 31),
            {"2025", "2026", "2025-Q1", "2025-Q4", "2025-01", "2025-02", "2025-12", "2026-01"},
        ),
        (date(9999, 12, 31), None, set()),
        (None, date(1, 1, 1), set()),
    ],
)
def test_a_period_range_selects_the_periods_wholly_within_it(kn, start, end, periods):
    for period in ("2024", "2025", "2026", "2025-Q1", "2025-Q4", "2025-01", "2025-02", "2025-12", "2026-01"):
        fact_make(kn, "LMS_JSKR_SEX_OCU_NB", period, {}, "10")
    assert {fact.period for fact in facts_published(start=start, end=end)} == periods
