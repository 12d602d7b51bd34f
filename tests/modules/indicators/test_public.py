"""The country's public indicator pages: no sign-in; only published values, never one under embargo or
waiting for approval; small counts hidden on the page and in the download; revisions marked; real
figures of the demo countries; each country its own."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from clmis.public_pages import GENERATION_KEY
from modules.indicators.figures import figures_load, figures_of
from modules.indicators.models import Indicator, Observation, breakdown_key
from modules.indicators.services import agency_save, indicator_save, observations_approve
from tests.support import client_for


def _value(indicator, period, breakdown, value, *, state="approved", publish_at=None, previous=None):
    return Observation.objects.create(
        indicator=indicator,
        period=period,
        key=breakdown_key(breakdown),
        dimensions=breakdown,
        value=Decimal(value),
        origin="submitted",
        state=state,
        publish_at=publish_at or (timezone.now() - datetime.timedelta(minutes=1)),
        previous_value=previous,
    )


@pytest.fixture
def published(kn):
    """Complaints received in 2025 by sex: women 12, men 2 (too few to show), total 14; 2024 revised;
    2026 under embargo for an hour; 2023 waiting for approval."""
    with tenant_context(kn):
        received = Indicator.objects.get(code="CMP_RECV_SEX_CAT_NB")
        _value(received, "2025", {}, 14)
        _value(received, "2025", {"SEX": "SEX_F"}, 12)
        _value(received, "2025", {"SEX": "SEX_M"}, 2)
        _value(received, "2024", {}, 9, previous=Decimal(8))
        _value(received, "2026", {}, 99, publish_at=timezone.now() + datetime.timedelta(hours=1))
        _value(received, "2023", {}, 77, state="submitted")
    cache.clear()
    return received


def test_the_public_sees_published_values_without_signing_in(published):
    visitor = client_for("kn.localhost")
    home = visitor.get("/lmi/")
    assert home.status_code == 200 and "Labour complaints received" in home.content.decode()
    page = visitor.get("/lmi/CMP_RECV_SEX_CAT_NB/").content.decode()
    assert "14" in page and "revised" in page
    assert "99" not in page and "77" not in page  # under embargo, waiting for approval
    download = visitor.get("/lmi/CMP_RECV_SEX_CAT_NB/download.csv").content.decode()
    assert "2026" not in download and "2023" not in download and ",14," in download


def test_small_counts_are_hidden_with_what_would_reveal_them(published):
    visitor = client_for("kn.localhost")
    download = visitor.get("/lmi/CMP_RECV_SEX_CAT_NB/download.csv?period=2025").content.decode().splitlines()
    rows = {tuple(line.split(",")[2:4]): line for line in download[1:]}
    # Men's 2 is below the threshold of 3; women's 12 would reveal it from the total 14: both hidden.
    assert rows[("SEX_M", "")].endswith(",,suppressed,")
    assert rows[("SEX_F", "")].endswith(",,suppressed,")
    assert ",14," in rows[("", "")]
    page = visitor.get("/lmi/CMP_RECV_SEX_CAT_NB/?period=2025&SEX=SEX_M").content.decode()
    assert "not shown" in page and ">2<" not in page


def test_an_embargo_ends_to_the_minute(published, kn):
    with tenant_context(kn):
        embargoed = Observation.objects.get(indicator=published, period="2026")
        embargoed.publish_at = timezone.now() - datetime.timedelta(seconds=1)
        embargoed.save()
    cache.clear()
    assert "99" in client_for("kn.localhost").get("/lmi/CMP_RECV_SEX_CAT_NB/?period=2026").content.decode()


def test_approving_values_refreshes_the_cached_pages_at_once(
    published, kn, django_capture_on_commit_callbacks
):
    visitor = client_for("kn.localhost")
    assert "77" not in visitor.get("/lmi/CMP_RECV_SEX_CAT_NB/?period=2023").content.decode()  # now cached
    with tenant_context(kn):
        waiting = Observation.objects.filter(indicator=published, period="2023")
        with django_capture_on_commit_callbacks(execute=True):
            observations_approve(observations=waiting, by=None)
    assert "77" in visitor.get("/lmi/CMP_RECV_SEX_CAT_NB/?period=2023").content.decode()


def test_a_publication_in_one_country_keeps_anothers_pages(
    published, kn, lc, django_capture_on_commit_callbacks
):
    """Each schema has its own generation of pages: kn's publication does not recompute lc's."""
    with tenant_context(lc):
        before = cache.get(GENERATION_KEY, "0")
    with tenant_context(kn), django_capture_on_commit_callbacks(execute=True):
        observations_approve(
            observations=Observation.objects.filter(indicator=published, period="2023"), by=None
        )
    with tenant_context(kn):
        assert cache.get(GENERATION_KEY, "0") != before
    with tenant_context(lc):
        assert cache.get(GENERATION_KEY, "0") == before


def test_nothing_of_an_unpublished_indicator_and_nothing_of_another_country(published, lc):
    visitor = client_for("kn.localhost")
    assert visitor.get("/lmi/STR_DAYS_ECO_NB/").status_code == 404  # no published value
    assert visitor.get("/lmi/STR_DAYS_ECO_NB/download.csv").status_code == 404
    assert client_for("lc.localhost").get("/lmi/CMP_RECV_SEX_CAT_NB/").status_code == 404


def test_the_demo_countries_real_figures(lc):
    figures = figures_of("LCA")
    unemployment_2019 = next(
        f
        for f in figures
        if f["code"] == "UNE_DEAP_SEX_AGE_RT"
        and f["period"] == "2019"
        and f["dimensions"] == {"AGE": "AGE_YTHADULT_YGE15"}
    )
    with tenant_context(lc):
        assert figures_load("LCA") == len(figures)
        assert figures_load("LCA") == 0  # once
    cache.clear()
    page = (
        client_for("lc.localhost")
        .get("/lmi/UNE_DEAP_SEX_AGE_RT/?period=2019&AGE=AGE_YTHADULT_YGE15")
        .content.decode()
    )
    assert f"{unemployment_2019['value']:.2f}" in page


def test_codes_read_as_words_and_the_about_page_names_the_producers(published, kn):
    with tenant_context(kn):
        office = agency_save(values={"name": "Department of Labour", "kind": "labour"}, version=None, by=None)
        indicator_save(indicator=published, values={"agency": office}, version=published.version, by=None)
    cache.clear()
    visitor = client_for("kn.localhost")
    page = visitor.get("/lmi/CMP_RECV_SEX_CAT_NB/?period=2025").content.decode()
    table = page[page.index("<table") :]
    assert ">Female<" in table and ">Sex<" in table and "SEX_F" not in table
    about = visitor.get("/lmi/about/").content.decode()
    assert "Department of Labour" in about and "/lmi/CMP_RECV_SEX_CAT_NB/" in about


def test_the_excel_download_holds_the_same_published_values(published):
    download = client_for("kn.localhost").get("/lmi/CMP_RECV_SEX_CAT_NB/download.xlsx?period=2025")
    sheet = load_workbook(io.BytesIO(download.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["indicator", "period", "SEX", "CAT", "value", "status", "flag"]
    by_sex = {row[2]: row for row in rows[1:]}
    assert by_sex[None][4] == 14 and by_sex["SEX_M"][4] is None and by_sex["SEX_M"][5] == "suppressed"


def test_the_home_page_files_figures_by_topic_and_shows_one_topic_on_request(published, kn):
    with tenant_context(kn):
        visits = Indicator.objects.get(code="LAI_VIST_NOC_NB")
        assert (visits.topic, published.topic) == ("inspection", "complaints")  # from the catalogue codes
        _value(visits, "2025", {}, 40)
    cache.clear()
    visitor = client_for("kn.localhost")
    home = visitor.get("/lmi/").content.decode()
    assert "<h2>Complaints and disputes</h2>" in home and "<h2>Labour inspection</h2>" in home
    assert '<option value="inspection">' in home and '<option value="safety">' not in home  # none published
    inspection = visitor.get("/lmi/?topic=inspection").content.decode()
    assert "/lmi/LAI_VIST_NOC_NB/" in inspection and "/lmi/CMP_RECV_SEX_CAT_NB/" not in inspection
    unknown = visitor.get("/lmi/?topic=nonsense").content.decode()
    assert "/lmi/LAI_VIST_NOC_NB/" in unknown and "/lmi/CMP_RECV_SEX_CAT_NB/" in unknown


def test_the_indicator_browser_offers_what_is_published_and_its_chart_follows_the_selection(published, kn):
    with tenant_context(kn):
        _value(published, "2024", {"SEX": "SEX_F"}, 5)
        for breakdown, value in (({}, 10), ({"SEX": "SEX_F"}, 6), ({"SEX": "SEX_M"}, 4)):
            _value(published, "2022", breakdown, value)
    cache.clear()
    visitor = client_for("kn.localhost")
    page = visitor.get("/lmi/CMP_RECV_SEX_CAT_NB/").content.decode()
    start = page.index('<form method="get"')
    form = page[start : page.index("</form>", start)]
    assert '<option value="2025">' in form and '<option value="2022">' in form
    assert '<option value="2026">' not in form and '<option value="2023">' not in form  # embargo, waiting
    assert ">Female</option>" in form and ">Male</option>" in form
    assert "Overall value, 2022 to 2025" in page and "lowest 9, highest 14" in page
    women = visitor.get("/lmi/CMP_RECV_SEX_CAT_NB/?SEX=SEX_F").content.decode()
    # The women's series: 6 in 2022, 5 in 2024, then 2025's 12 hidden (it would reveal the men's 2).
    assert "<figcaption>Female, 2022 to 2025 · lowest 5, highest 6" in women
    assert '<option value="SEX_F" selected>' in women
    table = women[women.index("<tbody") :]
    assert ">5<" in table and "not shown" in table and ">14<" not in table
    ignored = visitor.get("/lmi/CMP_RECV_SEX_CAT_NB/?SEX=SEX_Q&period=1999")
    assert ignored.status_code == 200 and ">14<" in ignored.content.decode()  # a stale permalink: all
