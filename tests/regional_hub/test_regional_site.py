"""The regional public site at the hub's host: no sign-in; headline figures with the regional
aggregate; the explorer with chart, table, CSV and Excel and permalinks; country profiles; the
methodology from the catalogue; in the visitor's language; only what the countries publish."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from modules.indicators.figures import figures_load, figures_of
from modules.indicators.models import Indicator, Observation
from regional_hub.catalogue.models import HarmonisedIndicator
from regional_hub.facts.collection import facts_collect
from regional_hub.facts.models import Fact
from regional_hub.facts.selectors import regional_headlines
from tests.support import client_for


@pytest.fixture
def regional(countries, db):
    """Unemployment 2024 and 2025 of kn, lc and sr with their parts; lc's 2025 women hidden."""
    unemployment = HarmonisedIndicator.objects.get(code="UNE_DEAP_SEX_AGE_RT")
    now = timezone.now()
    figures = {"kn": (850, 20000), "lc": (15000, 100000), "sr": (20000, 250000)}
    for code, (unemployed, labour_force) in figures.items():
        for period in ("2024", "2025"):
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
    Fact.objects.create(
        country=countries["lc"],
        indicator=unemployment,
        period="2025",
        key="SEX=SEX_F",
        dimensions={"SEX": "SEX_F"},
        value=None,
        suppressed="primary",
        collected_at=now,
    )
    cache.clear()
    return countries


def test_the_home_page_shows_the_regional_figure_and_the_range_of_the_countries(regional):
    # One country ahead of the others: the headline stays on the latest year most countries published.
    Fact.objects.create(
        country=regional["kn"],
        indicator=HarmonisedIndicator.objects.get(code="UNE_DEAP_SEX_AGE_RT"),
        period="2026",
        key="",
        value=Decimal("3.1"),
        collected_at=timezone.now(),
    )
    cache.clear()
    page = client_for("localhost").get("/data/")
    assert page.status_code == 200
    html = page.content.decode()
    # By hand: (850 + 15000 + 20000) / (20000 + 100000 + 250000) = 9.69 %.
    assert "Unemployment rate by sex and age</a>, 2025:" in html and "region 9.69" in html
    assert "from 4.25 (Saint Kitts and Nevis) to 15 (Saint Lucia)" in html
    assert "/data/countries/KNA/" in html


def test_the_explorer_compares_and_downloads_with_hidden_values_marked(regional):
    visitor = client_for("localhost")
    page = visitor.get("/data/explore/?indicator=UNE_DEAP_SEX_AGE_RT&breakdown=SEX%3DSEX_F")
    html = page.content.decode()
    assert page.status_code == 200 and "not shown" in html and "Female" in html
    download = visitor.get("/data/explore/?indicator=UNE_DEAP_SEX_AGE_RT&breakdown=SEX%3DSEX_F&format=csv")
    assert "UNE_DEAP_SEX_AGE_RT,SEX=SEX_F,LCA,2025,,suppressed," in download.content.decode()
    excel = visitor.get(
        "/data/explore/?indicator=UNE_DEAP_SEX_AGE_RT&breakdown=&countries=KNA&countries=LCA&format=xlsx"
    )
    rows = [
        [cell.value for cell in row] for row in load_workbook(io.BytesIO(excel.content)).active.iter_rows()
    ]
    region = {row[3]: row[4] for row in rows if row[2] == "REGION"}
    assert region == {"2024": 13.21, "2025": 13.21}  # (850 + 15000) / 120000
    totals = visitor.get(
        "/data/explore/?indicator=UNE_DEAP_SEX_AGE_RT&breakdown=&countries=KNA&countries=LCA"
    )
    assert "<polyline" in totals.content.decode() and "Saint Lucia" in totals.content.decode()
    # The same values from the SDMX service, which the page links to.
    sdmx_url = totals.context["sdmx_url"]
    assert sdmx_url.startswith("/sdmx/data/DF_UNE_DEAP_SEX_AGE_RT/KNA+LCA...SEX_T._T?")
    sdmx = visitor.get(sdmx_url)
    assert sdmx.status_code == 200
    assert {line.split(",")[1] for line in sdmx.content.decode().splitlines()[1:]} == {"KNA", "LCA"}


def test_country_profiles_and_methodology_pages(regional):
    visitor = client_for("localhost")
    profile = visitor.get("/data/countries/kna/")
    assert profile.status_code == 200 and "4.25" in profile.content.decode()
    assert visitor.get("/data/countries/XXX/").status_code == 404
    methodology = visitor.get("/data/methodology/").content.decode()
    assert "/data/methodology/INJ_FATL_SEX_MIG_NB/" in methodology and "SDG 8.8.1" in methodology
    detail = visitor.get("/data/methodology/UNE_DEAP_SEX_AGE_RT/").content.decode()
    assert "Unemployment rate by sex and age" in detail and "8.5.2" in detail
    assert visitor.get("/data/methodology/NOPE/").status_code == 404


def test_the_site_speaks_the_visitors_language(regional):
    visitor = Client(enforce_csrf_checks=True, HTTP_HOST="localhost")
    assert 'action="/i18n/language/"' in visitor.get("/data/").content.decode()
    for language, title in (
        ("nl", "Regionale arbeidsmarktcijfers"),
        ("es", "Cifras regionales del mercado laboral"),
        ("fr", "Chiffres régionaux du marché du travail"),
    ):
        # The cached page carries no CSRF token: the switch takes the visitor's choice without one.
        chosen = visitor.post("/i18n/language/", {"language": language, "next": "/data/"})
        assert chosen.status_code == 302 and chosen["Location"] == "/data/"
        assert title in visitor.get("/data/").content.decode(), language


def test_nothing_a_country_has_not_published_reaches_the_regional_site(kn):
    with tenant_context(kn):
        participation = Indicator.objects.get(code="EAP_DWAP_SEX_AGE_RT")
        for period, state, publish_at in (
            ("2025", "approved", timezone.now() + datetime.timedelta(hours=1)),  # under embargo
            ("2024", "submitted", None),  # waiting for approval
        ):
            Observation.objects.create(
                indicator=participation,
                period=period,
                key="",
                dimensions={},
                value=Decimal("66.6"),
                origin="submitted",
                state=state,
                publish_at=publish_at,
            )
        facts_collect(full=True)
    cache.clear()
    visitor = client_for("localhost")
    for url in (
        "/data/",
        "/data/countries/KNA/",
        "/data/explore/?indicator=EAP_DWAP_SEX_AGE_RT&breakdown=",
        "/data/explore/?indicator=EAP_DWAP_SEX_AGE_RT&breakdown=&format=csv",
    ):
        assert "66.6" not in visitor.get(url).content.decode(), url


def test_the_headlines_on_the_real_figures_equal_a_computation_by_hand(countries, db):
    lc, sr = countries["lc"], countries["sr"]  # St Kitts and Nevis reports unemployment only
    for country in (lc, sr):
        with tenant_context(country):
            figures_load(country.iso3)
            facts_collect()
    headline = next(h for h in regional_headlines([lc, sr]) if h.indicator.code == "EAP_DWAP_SEX_AGE_RT")
    # By hand from the shared data file: the overall (15+, both sexes) participation of each country,
    # in the latest year at least half of them (here, of two, one) published.
    overall = {
        country.iso3: {
            f["period"]: f["value"]
            for f in figures_of(country.iso3)
            if f["code"] == "EAP_DWAP_SEX_AGE_RT" and f["dimensions"] == {"AGE": "AGE_YTHADULT_YGE15"}
        }
        for country in (lc, sr)
    }
    year = max(set(overall["LCA"]) | set(overall["SUR"]))
    assert headline.period == year and headline.key == "AGE=AGE_YTHADULT_YGE15"
    by_hand = sorted(values[year] for values in overall.values() if year in values)
    assert [fact.value for fact in headline.facts] == by_hand
    # Survey rates published without their numerators and denominators: no regional rate is made up.
    assert headline.aggregate.value is None


def test_a_collection_that_brings_new_values_refreshes_the_cached_pages(
    kn, django_capture_on_commit_callbacks
):
    visitor = client_for("localhost")
    explorer = "/data/explore/?indicator=EAP_DWAP_SEX_AGE_RT&breakdown="
    assert "66.6" not in visitor.get(explorer).content.decode()  # now cached
    with tenant_context(kn):
        Observation.objects.create(
            indicator=Indicator.objects.get(code="EAP_DWAP_SEX_AGE_RT"),
            period="2025",
            key="",
            dimensions={},
            value=Decimal("66.6"),
            origin="submitted",
            state="approved",
            publish_at=timezone.now() - datetime.timedelta(minutes=1),
        )
        with django_capture_on_commit_callbacks(execute=True):
            assert facts_collect().written
    assert "66.6" in visitor.get(explorer).content.decode()
