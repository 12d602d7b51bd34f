"""The coordination unit's pages: coverage of the catalogue (published, submitted, late, planned,
missing, from what the countries' collections report) and comparisons across countries with the
regional aggregate (counts summed, rates from numerators and denominators, flagged when partial)."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.indicators.models import Indicator, Observation, Release, breakdown_key
from regional_hub.catalogue.models import HarmonisedIndicator
from regional_hub.facts.collection import facts_collect
from regional_hub.facts.models import Fact
from tests.support import client_for, sign_in

A_DAY = datetime.timedelta(days=1)


def _observation(indicator, period, breakdown, value, *, state="approved", numerator=None, denominator=None):
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    return Observation.objects.create(
        indicator=indicator,
        period=period,
        key=breakdown_key(breakdown),
        dimensions=breakdown,
        value=Decimal(value),
        numerator=numerator,
        denominator=denominator,
        origin="submitted",
        state=state,
        decided_at=an_hour_ago,
        publish_at=an_hour_ago if state == "approved" else None,
    )


@pytest.fixture
def analyst(countries, db):
    return sign_in(client_for("localhost"), None, "regional_analyst")


@pytest.fixture
def reported(countries, db):
    """For 2025's unemployment rate: kn published, lc waits for approval, sr planned it for last week
    (late); for participation sr plans next month, the others have nothing."""
    kn, lc, sr = countries["kn"], countries["lc"], countries["sr"]
    today = timezone.localdate()
    with tenant_context(kn):
        _observation(Indicator.objects.get(code="UNE_DEAP_SEX_AGE_RT"), "2025", {}, "8.5")
        facts_collect()
    with tenant_context(lc):
        _observation(Indicator.objects.get(code="UNE_DEAP_SEX_AGE_RT"), "2025", {}, "16.0", state="submitted")
        facts_collect()
    with tenant_context(sr):
        Release.objects.create(
            indicator=Indicator.objects.get(code="UNE_DEAP_SEX_AGE_RT"),
            period="2025",
            planned_on=today - 7 * A_DAY,
        )
        Release.objects.create(
            indicator=Indicator.objects.get(code="EAP_DWAP_SEX_AGE_RT"),
            period="2025",
            planned_on=today + 30 * A_DAY,
        )
        facts_collect()
    return countries


def test_the_coverage_matrix_tells_published_submitted_late_planned_and_missing(analyst, reported):
    page = analyst.get("/facts/coverage/?period=2025&topic=")
    assert page.status_code == 200
    codes = [country.iso3 for country in page.context["countries"]]
    states = {
        indicator.code: dict(zip(codes, (cell.state for cell in cells), strict=True))
        for indicator, _current, cells in page.context["rows"]
    }
    assert states["UNE_DEAP_SEX_AGE_RT"] == {"KNA": "published", "LCA": "submitted", "SUR": "late"}
    assert states["EAP_DWAP_SEX_AGE_RT"] == {"KNA": "missing", "LCA": "missing", "SUR": "planned"}
    assert len(states) == HarmonisedIndicator.objects.count()
    html = page.content.decode()
    assert "late against the release calendar" in html and "submitted, not yet published" in html
    unemployment_only = analyst.get("/facts/coverage/?period=2025&topic=unemployment").context["rows"]
    assert {indicator.code for indicator, _c, _cells in unemployment_only} == {
        "UNE_DEAP_SEX_AGE_RT",
        "SDG_0861_SEX_RT",
    }
    refused = analyst.get("/facts/coverage/?period=2025-Q5")
    assert refused.status_code == 200 and "period" in refused.context["form"].errors


def test_a_publication_moves_a_country_from_submitted_to_published(analyst, reported):
    lc = reported["lc"]
    with tenant_context(lc):
        Observation.objects.filter(indicator__code="UNE_DEAP_SEX_AGE_RT").update(
            state="approved",
            publish_at=timezone.now() - datetime.timedelta(minutes=1),
            decided_at=timezone.now(),
        )
        facts_collect()
    page = analyst.get("/facts/coverage/?period=2025")
    lca = [c.iso3 for c in page.context["countries"]].index("LCA")
    row = next(
        cells for indicator, _c, cells in page.context["rows"] if indicator.code == "UNE_DEAP_SEX_AGE_RT"
    )
    assert row[lca].state == "published"


@pytest.fixture
def compared(countries, db):
    """Unemployment 2024 and 2025 in kn, lc, sr with numerators and denominators, except sr's 2025
    (not published yet); complaints received (a count) in kn and lc."""
    unemployment = HarmonisedIndicator.objects.get(code="UNE_DEAP_SEX_AGE_RT")
    received = HarmonisedIndicator.objects.get(code="CMP_RECV_SEX_CAT_NB")
    figures = {
        "kn": {"2024": (900, 20000), "2025": (850, 20000)},
        "lc": {"2024": (16000, 100000), "2025": (15000, 100000)},
        "sr": {"2024": (20000, 250000)},
    }
    now = timezone.now()
    for code, periods in figures.items():
        for period, (unemployed, labour_force) in periods.items():
            Fact.objects.create(
                country=countries[code],
                indicator=unemployment,
                period=period,
                key="",
                value=Decimal(unemployed * 100) / labour_force,
                numerator=unemployed,
                denominator=labour_force,
                collected_at=now,
            )
    for code, value in (("kn", 14), ("lc", 40)):
        Fact.objects.create(
            country=countries[code], indicator=received, period="2025", key="", value=value, collected_at=now
        )
    return countries


def test_the_comparison_recomputes_rates_from_their_parts_and_flags_a_partial_region(analyst, compared):
    page = analyst.get("/facts/comparisons/?indicator=UNE_DEAP_SEX_AGE_RT&breakdown=&first=2024&last=2025")
    assert page.status_code == 200
    aggregates = dict(zip(page.context["compared"].periods, page.context["aggregates"], strict=True))
    # By hand: (900 + 16000 + 20000) / (20000 + 100000 + 250000) = 9.97 %, not the mean of 4.5, 16 and 8.
    assert aggregates["2024"].value == Decimal("9.97") and aggregates["2024"].complete
    assert aggregates["2025"].value == Decimal("13.21") and not aggregates["2025"].complete  # 15850 / 120000
    assert aggregates["2025"].included == ["KNA", "LCA"]
    html = page.content.decode()
    assert "only KNA, LCA" in html and "<polyline" in html and 'class="bar"' in html
    download = analyst.get("/facts/comparisons/?indicator=UNE_DEAP_SEX_AGE_RT&breakdown=&format=csv")
    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    region = {row["period"]: row for row in rows if row["ref_area"] == "REGION"}
    assert region["2024"]["value"] == "9.97" and region["2025"]["status"] == "partial:KNA+LCA"
    assert {row["ref_area"] for row in rows} == {"KNA", "LCA", "SUR", "REGION"}


def test_counts_are_summed_and_a_choice_of_countries_narrows_the_region(analyst, compared):
    both = analyst.get(
        "/facts/comparisons/?indicator=CMP_RECV_SEX_CAT_NB&breakdown=&countries=KNA&countries=LCA"
    )
    assert both.context["aggregates"][0].value == 54 and both.context["aggregates"][0].complete
    one = analyst.get("/facts/comparisons/?indicator=CMP_RECV_SEX_CAT_NB&breakdown=&countries=LCA")
    assert [c.iso3 for c in one.context["compared"].countries] == ["LCA"] and one.context["aggregates"][
        0
    ].value == 40
    refused = analyst.get("/facts/comparisons/?indicator=NOPE&first=2025&last=2024")
    assert refused.status_code == 200 and {"indicator", "last"} <= set(refused.context["form"].errors)


def test_only_hub_users_with_the_permission_see_coverage_and_comparisons(countries, db, compared):
    assert client_for("localhost").get("/facts/coverage/").status_code == 302  # to sign in
    provider = sign_in(client_for("localhost"), None, "service_provider")
    assert provider.get("/facts/comparisons/").status_code in (302, 403)
    assert client_for("kn.localhost").get("/facts/coverage/").status_code == 404
