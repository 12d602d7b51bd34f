"""The hub's harmonised catalogue: seeded from the shipped starter and ILOSTAT's codelists, kept by the
hub administrators (a change of definition is a new version), read by every hub user, and received
by every country, which sees which of its indicators maps to which harmonised one."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.exceptions import ValidationError
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from clmis.outbox.models import Message
from modules.indicators.models import Indicator
from modules.indicators.tasks import indicators_catalogue_refresh
from regional_hub.catalogue.loading import catalogue_seed, ilostat_codes, starter_rows
from regional_hub.catalogue.models import CodelistCode, Definition, HarmonisedIndicator
from regional_hub.catalogue.services import definition_change
from tenants.models import Country
from tests.support import client_for, sign_in, user_in


def _hub(action):
    with schema_context(get_public_schema_name()):
        return action()


@pytest.fixture
def hub_admin(countries, db):
    _hub(lambda: TOTP.activate(user_in(None, "hub_admin"), generate_totp_secret()))
    return sign_in(client_for("localhost"), None, "hub_admin")


@pytest.fixture
def analyst(countries, db):
    return sign_in(client_for("localhost"), None, "regional_analyst")


def test_the_hub_holds_the_starter_catalogue_and_ilostats_codelists(countries, db):
    with schema_context(get_public_schema_name()):
        assert set(HarmonisedIndicator.objects.values_list("code", flat=True)) == {
            row["code"] for row in starter_rows()
        }
        assert not Definition.objects.exclude(number=1).exists()
        unemployment = HarmonisedIndicator.objects.get(code="UNE_DEAP_SEX_AGE_RT")
        assert (unemployment.topic, unemployment.sdg, unemployment.dimensions) == (
            "unemployment",
            "8.5.2",
            ["SEX", "AGE"],
        )
        assert CodelistCode.objects.count() == len(list(ilostat_codes()))
        codes = set(CodelistCode.objects.values_list("codelist__concept", "code"))
        for expected in (
            ("SEX", "SEX_F"),
            ("AGE", "AGE_YTHADULT_Y15-24"),
            ("ECO", "ECO_ISIC4_A"),
            ("OCU", "OCU_ISCO08_2"),
            ("MIG", "MIG_STATUS_MIGRANT"),
            ("CCT", "CCT_CTZ_GUY"),
            ("OBS_STATUS", "B"),
            ("REF_AREA", "KNA"),
        ):
            assert expected in codes
        assert CodelistCode.objects.get(code="AGE_YTHADULT_Y15-24").label == "15-24"
        assert catalogue_seed() == 0  # all there: nothing added


def test_seeding_never_overwrites_what_the_hub_changed(countries, db):
    with schema_context(get_public_schema_name()):
        neet = HarmonisedIndicator.objects.get(code="SDG_0861_SEX_RT")
        definition_change(
            indicator=neet,
            name="Youth NEET rate",
            definition="Ages 15-24.",
            since_year=2027,
            reason="Wording",
            by=None,
        )
        HarmonisedIndicator.objects.filter(code="CMP_SETL_CAT_NB").delete()
        assert catalogue_seed() == 1  # the deleted one comes back, the changed one stays as changed
        assert neet.definitions.order_by("-number").first().name == "Youth NEET rate"


def test_a_change_of_definition_is_a_new_version_every_country_receives(
    countries, db, django_capture_on_commit_callbacks
):
    kn = countries["kn"]
    with schema_context(get_public_schema_name()):
        participation = HarmonisedIndicator.objects.get(code="EAP_DWAP_SEX_AGE_RT")
        with pytest.raises(ValidationError) as refused:
            definition_change(
                indicator=participation, name="x", definition="y", since_year=2027, reason=" ", by=None
            )
        assert set(refused.value.message_dict) == {"reason"}
        with django_capture_on_commit_callbacks() as sent:
            made = definition_change(
                indicator=participation,
                name="Labour force participation rate (19th ICLS)",
                definition="Labour force as a share of the working-age population, 19th ICLS standards.",
                since_year=2027,
                reason="The region adopts the 19th ICLS definition of employment.",
                by=user_in(None, "hub_admin"),
            )
        assert (made.number, made.since_year, made.breaks_series, made.actor) == (
            2,
            2027,
            True,
            "hub:hub_admin",
        )
        # Each country's refresh is sent once the change is committed, and the hub's pages recomputed.
        assert len(sent) == Country.objects.served_here().count() + 1
        with pytest.raises(ValidationError) as earlier:
            definition_change(
                indicator=participation, name="x", definition="y", since_year=2026, reason="r", by=None
            )
        assert set(earlier.value.message_dict) == {"since_year"}
    for country in countries.values():
        with tenant_context(country):  # kept in each country's outbox until the broker has it
            assert Message.objects.filter(task=indicators_catalogue_refresh.name).count() == 1
    with tenant_context(kn):
        assert indicators_catalogue_refresh() == 1  # what the task does in each country
        assert (
            Indicator.objects.get(code="EAP_DWAP_SEX_AGE_RT").name
            == "Labour force participation rate (19th ICLS)"
        )


def test_the_hub_administrator_adds_an_indicator_and_versions_its_definition_from_the_pages(hub_admin):
    page = hub_admin.get("/catalogue/?topic=safety")
    assert page.status_code == 200
    assert {indicator.code for indicator, _current in page.context["rows"]} == {
        row["code"] for row in starter_rows() if row["code"].startswith("INJ_")
    }
    made = hub_admin.post(
        "/catalogue/new/",
        {
            "code": "LAI_INSP_FEM_NB",
            "topic": "inspection",
            "unit": "NB",
            "multiplier": "0",
            "frequencies": ["A"],
            "source": "admin:department of labour",
            "name": "Women labour inspectors",
            "definition": "Labour inspectors who are women, at the end of the year.",
        },
    )
    assert made.status_code == 302 and made["Location"] == "/catalogue/LAI_INSP_FEM_NB/"
    refused = hub_admin.post("/catalogue/new/", {"code": "bad code", "unit": "NB", "multiplier": "0"})
    assert refused.status_code == 200 and {"code", "frequencies", "name"} <= set(
        refused.context["form"].errors
    )
    changed = hub_admin.post(
        "/catalogue/LAI_INSP_FEM_NB/definition/",
        {
            "name": "Women labour inspectors",
            "definition": "Labour inspectors who are women, on 31 December.",
            "since_year": "2027",
            "breaks_series": "on",
            "reason": "A fixed reference day.",
        },
    )
    assert changed.status_code == 302
    detail = hub_admin.get("/catalogue/LAI_INSP_FEM_NB/").content.decode()
    assert "on 31 December." in detail and "A fixed reference day." in detail and "hub:hub_admin" in detail
    with schema_context(get_public_schema_name()):
        assert list(
            Definition.objects.filter(indicator__code="LAI_INSP_FEM_NB").values_list("number", flat=True)
        ) == [2, 1]
    codes = hub_admin.get("/catalogue/codelists/SEX/?q=female").content.decode()
    assert "SEX_F" in codes and "SEX_M" not in codes


def test_regional_analysts_read_the_catalogue_but_do_not_change_it(analyst):
    assert analyst.get("/catalogue/").status_code == 200
    assert analyst.get("/catalogue/UNE_DEAP_SEX_AGE_RT/").status_code == 200
    assert analyst.get("/catalogue/codelists/").status_code == 200
    assert analyst.get("/catalogue/new/").status_code == 403
    assert analyst.post("/catalogue/UNE_DEAP_SEX_AGE_RT/definition/", {"name": "x"}).status_code == 403
    assert analyst.get("/catalogue/UNE_DEAP_SEX_AGE_RT/edit/").status_code == 403


def test_a_country_sees_the_catalogue_and_its_own_indicator_for_each(kn):
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    page = statistician.get("/indicators/catalogue/")
    rows = {harmonised.code: own for harmonised, _current, own in page.context["rows"]}
    with tenant_context(kn):
        assert rows["UNE_DEAP_SEX_AGE_RT"] == Indicator.objects.get(code="UNE_DEAP_SEX_AGE_RT")
    assert len(rows) == len(starter_rows())
    assert (
        client_for("kn.localhost").get("/catalogue/").status_code == 404
    )  # the hub's pages, not a country's
