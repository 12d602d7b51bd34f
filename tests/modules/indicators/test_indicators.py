"""The national indicator package: the harmonised catalogue loaded in every country, national-only
indicators, partner agencies; what a country may change; pages, API, export; roles; isolation."""

import io

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from modules.indicators.loading import catalogue_load, catalogue_rows
from modules.indicators.models import Agency, Indicator
from modules.indicators.services import agency_save, indicator_save
from tests.support import client_for, sign_in

CATALOGUE_SIZE = 35


@pytest.fixture
def statistician(kn):
    return sign_in(client_for("kn.localhost"), kn, "statistician")


@pytest.fixture
def statistics_office(kn):
    with tenant_context(kn):
        return agency_save(
            values={"name": "Department of Statistics", "acronym": "STATS", "kind": "statistics"},
            version=None,
            by=None,
        )


def test_every_country_has_the_harmonised_catalogue(kn, lc):
    rows = {row["code"]: row for row in catalogue_rows()}
    assert len(rows) == CATALOGUE_SIZE
    for country in (kn, lc):
        with tenant_context(country):
            harmonised = {
                indicator.code: indicator for indicator in Indicator.objects.filter(harmonised=True)
            }
            assert set(harmonised) == set(rows)
    with tenant_context(kn):
        strikes = harmonised["STR_DAYS_ECO_RT"]
        assert (strikes.unit, strikes.dimensions, strikes.frequencies) == ("RATE_1000", ["ECO"], ["A"])
        assert strikes.computed_from == ["industrial_actions"]
        assert Indicator.objects.get(code="INJ_FATL_SEX_MIG_NB").computed_from == ["accidents"]
        assert Indicator.objects.get(code="MNA_OEMP_SEX_CDS_NB").computed_from == [
            "farm_programme",
            "migrant_assistance",
        ]
        assert Indicator.objects.get(code="UNE_DEAP_SEX_AGE_RT").computed_from == []
        # Loading again writes nothing: no new history for unchanged indicators.
        before = Indicator.history.count()
        assert catalogue_load() == 0
        assert Indicator.history.count() == before


def test_a_country_chooses_the_agency_and_wording_of_a_harmonised_indicator_not_its_definition(
    kn, statistics_office
):
    with tenant_context(kn):
        unemployment = Indicator.objects.get(code="UNE_DEAP_SEX_AGE_RT")
        changed = indicator_save(
            indicator=unemployment,
            values={"agency": statistics_office, "translations": {"nl": {"name": "Werkloosheidsgraad"}}},
            version=unemployment.version,
            by=None,
        )
        assert changed.agency == statistics_office and changed.history.count() == 2
        with pytest.raises(ValidationError) as refused:
            indicator_save(
                indicator=changed,
                values={"unit": "NB", "name": "Jobless", "topic": "other"},
                version=changed.version,
                by=None,
            )
        assert set(refused.value.message_dict) == {"unit", "name", "topic"}
        changed.refresh_from_db()
        assert (changed.unit, changed.name) == ("PT", "Unemployment rate by sex and age")
        # The catalogue reloaded keeps the country's choices.
        catalogue_load()
        changed.refresh_from_db()
        assert (
            changed.agency == statistics_office and changed.translations["nl"]["name"] == "Werkloosheidsgraad"
        )


def test_the_statistician_adds_a_national_indicator_from_the_pages(statistician, kn, statistics_office):
    page = statistician.get("/indicators/new/")
    assert page.status_code == 200
    saved = statistician.post(
        "/indicators/new/",
        {
            "code": "KN_TOURISM_EMP_NB",
            "name": "Employment in tourism",
            "definition": "Persons employed in hotels and restaurants.",
            "topic": "employment",
            "unit": "NB",
            "multiplier": "0",
            "frequencies": ["A", "Q"],
            "dimensions": ["SEX"],
            "agency": statistics_office.pk,
            "active": "on",
            "name_nl": "Werkgelegenheid in het toerisme",
        },
    )
    assert saved.status_code == 302, saved.context["form"].errors
    with tenant_context(kn):
        made = Indicator.objects.get(code="KN_TOURISM_EMP_NB")
        assert made.topic == "employment"
        assert not made.harmonised and made.translations == {
            "nl": {"name": "Werkgelegenheid in het toerisme"}
        }
        assert made.history.get().actor == "kn:statistician"
    statistician.cookies["django_language"] = "nl"
    assert "Werkgelegenheid in het toerisme" in statistician.get(f"/indicators/{made.pk}/").content.decode()
    refused = statistician.post(
        "/indicators/new/",
        {"code": "bad code", "name": "x", "unit": "NB", "multiplier": "0", "active": "on"},
    )
    assert refused.status_code == 200 and {"code", "frequencies"} <= set(refused.context["form"].errors)


def test_the_package_is_listed_filtered_and_exported(statistician, kn):
    computed = statistician.get("/indicators/?computed=true&dimension=SEX").context["rows"]
    codes = {record.code for record, _values in computed}
    assert "CMP_RECV_SEX_CAT_NB" in codes and "UNE_DEAP_SEX_AGE_RT" not in codes
    with tenant_context(kn):
        expected = Indicator.objects.exclude(computed_from=[]).filter(dimensions__contains=["SEX"]).count()
    assert len(codes) == expected
    safety = statistician.get("/indicators/?topic=safety").context["rows"]
    assert {record.code for record, _values in safety} == {
        row["code"] for row in catalogue_rows() if row["code"].startswith("INJ_")
    }
    exported = statistician.get("/indicators/export.xlsx?frequency=M")
    sheet = load_workbook(io.BytesIO(b"".join(exported.streaming_content))).active
    assert {row[0].value for row in sheet.iter_rows(min_row=2)} == {
        "CMP_RECV_SEX_CAT_NB",
        "CMP_SETL_CAT_NB",
        "LMS_JSKR_SEX_OCU_NB",
        "LMS_PLAC_SEX_OCU_NB",
        "LMS_VACR_OCU_NB",
    }


def test_the_api_lists_and_changes_the_package(statistician, kn, statistics_office):
    listed = statistician.get("/api/v1/indicators/?harmonised=true&unit=PT").json()
    assert listed["count"] == sum(1 for row in catalogue_rows() if row["unit"] == "PT")
    with tenant_context(kn):
        unemployment = Indicator.objects.get(code="UNE_DEAP_SEX_AGE_RT")
    refused = statistician.patch(
        f"/api/v1/indicators/{unemployment.pk}/",
        {"frequencies": ["M"], "version": unemployment.version},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "frequencies" in refused.json()["errors"]
    assigned = statistician.patch(
        f"/api/v1/indicators/{unemployment.pk}/",
        {"agency": statistics_office.pk, "version": unemployment.version},
        content_type="application/json",
    )
    assert assigned.status_code == 200 and assigned.json()["agency_name"] == "Department of Statistics"
    made = statistician.post(
        "/api/v1/indicators/",
        {"code": "KN_FOO_NB", "name": "Foo", "unit": "NB", "frequencies": ["A"]},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["harmonised"] is False
    clash = statistician.post(
        "/api/v1/indicators/",
        {"code": "UNE_DEAP_SEX_AGE_RT", "name": "Mine", "unit": "PT", "frequencies": ["A"]},
        content_type="application/json",
    )
    assert clash.status_code == 400 and "code" in clash.json()["errors"]


def test_officers_do_not_keep_the_package_and_countries_keep_their_own(kn, lc, statistics_office):
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert officer.get("/indicators/").status_code == 403
    assert officer.get("/api/v1/indicators/").status_code == 403
    with tenant_context(kn):
        indicator_save(
            values={"code": "KN_ONLY_NB", "name": "Only here", "unit": "NB", "frequencies": ["A"]},
            version=None,
            by=None,
        )
    with tenant_context(lc):
        assert not Indicator.objects.filter(code="KN_ONLY_NB").exists()
        assert not Agency.objects.filter(name="Department of Statistics").exists()
    lc_statistician = sign_in(client_for("lc.localhost"), lc, "statistician")
    assert lc_statistician.get(f"/indicators/agencies/{statistics_office.pk}/").status_code == 404
