"""Collection: the countries' published harmonised values reach the hub's fact table as the countries
publish them (after embargo and disclosure control), with provenance; re-running writes nothing;
revisions replace values and keep the earlier ones; the nightly reconciliation repairs what an
incremental run missed; a value of an indicator the catalogue does not have is reported, not stored."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from clmis.outbox.models import Message
from modules.indicators.figures import figures_load, figures_of
from modules.indicators.models import Indicator, Observation, breakdown_key
from modules.indicators.services import agency_save, indicator_save, observations_approve
from regional_hub.catalogue.models import HarmonisedIndicator
from regional_hub.catalogue.services import definition_change
from regional_hub.facts.collection import facts_collect
from regional_hub.facts.models import CollectionProblem, Fact, FactRevision
from regional_hub.facts.tasks import facts_collect_country

AN_HOUR = datetime.timedelta(hours=1)


def _value(
    indicator,
    period,
    breakdown,
    value,
    *,
    numerator=None,
    denominator=None,
    publish_at=None,
    state="approved",
):
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
        # Decided and public an hour ago, before the overlap an incremental collection reads again.
        decided_at=timezone.now() - AN_HOUR,
        publish_at=publish_at or timezone.now() - AN_HOUR,
    )


def _facts(country) -> dict[tuple[str, str, str], tuple]:
    return {
        (f.indicator.code, f.period, f.key): (
            f.value,
            f.numerator,
            f.denominator,
            f.flag,
            f.suppressed,
            f.national_revision,
        )
        for f in Fact.objects.filter(country=country).select_related("indicator")
    }


@pytest.fixture
def published(kn):
    """kn publishes its unemployment rate for 2025 (total and by sex, with numerators and denominators)
    and its complaints received (women 12, men 2: too few to show, and so the women's too)."""
    with tenant_context(kn):
        office = agency_save(
            values={"name": "Department of Statistics", "kind": "statistics"}, version=None, by=None
        )
        unemployment = Indicator.objects.get(code="UNE_DEAP_SEX_AGE_RT")
        indicator_save(
            indicator=unemployment, values={"agency": office}, version=unemployment.version, by=None
        )
        _value(unemployment, "2025", {}, "8.5", numerator=Decimal(1700), denominator=Decimal(20000))
        _value(
            unemployment, "2025", {"SEX": "SEX_F"}, "9.0", numerator=Decimal(900), denominator=Decimal(10000)
        )
        received = Indicator.objects.get(code="CMP_RECV_SEX_CAT_NB")
        _value(received, "2025", {}, 14)
        _value(received, "2025", {"SEX": "SEX_F"}, 12)
        _value(received, "2025", {"SEX": "SEX_M"}, 2)
    return kn


def test_published_values_are_collected_with_their_provenance_and_collecting_again_writes_nothing(published):
    with tenant_context(published):
        first = facts_collect()
        assert (first.tables, first.written, first.refused) == (2, 5, 0)
        facts = _facts(published)
        again = facts_collect(full=True)
        assert again.written == 0 and _facts(published) == facts
        assert facts_collect().tables == 0  # incremental, nothing new: nothing read
    rate = Fact.objects.get(country=published, indicator__code="UNE_DEAP_SEX_AGE_RT", key="SEX=SEX_F")
    assert (rate.value, rate.numerator, rate.denominator) == (Decimal("9.0"), 900, 10000)
    assert (
        rate.agency == "Department of Statistics"
        and rate.national_revision == 1
        and rate.definition_version == 1
    )
    assert rate.published_at is not None and rate.collected_at >= rate.published_at
    # Disclosure control as on the country's site: the men's 2 and the women's 12 that would reveal it.
    assert facts[("CMP_RECV_SEX_CAT_NB", "2025", "SEX=SEX_M")][0::4] == (None, "primary")
    assert facts[("CMP_RECV_SEX_CAT_NB", "2025", "SEX=SEX_F")][0::4] == (None, "complementary")
    assert facts[("CMP_RECV_SEX_CAT_NB", "2025", "")][0] == 14


def test_nothing_unpublished_reaches_the_hub_and_an_embargo_is_collected_when_it_ends(kn):
    with tenant_context(kn):
        participation = Indicator.objects.get(code="EAP_DWAP_SEX_AGE_RT")
        _value(participation, "2025", {}, "66.1", publish_at=timezone.now() + AN_HOUR)
        _value(participation, "2024", {}, "65.0", state="submitted")
        assert facts_collect().written == 0
        assert facts_collect(now=timezone.now() + 2 * AN_HOUR).written == 1
    assert set(_facts(kn)) == {("EAP_DWAP_SEX_AGE_RT", "2025", "")}


def test_a_revision_replaces_the_value_and_keeps_the_one_it_replaces(published):
    with tenant_context(published):
        facts_collect()
        women = Observation.objects.get(indicator__code="UNE_DEAP_SEX_AGE_RT", key="SEX=SEX_F")
        women.submit_anew(
            value=Decimal("9.4"),
            numerator=Decimal(940),
            denominator=Decimal(10000),
            submitted_by="x",
            now=timezone.now(),
        )
        women.save()
        assert facts_collect(full=True).written == 0  # waiting for approval: the hub keeps the published one
        observations_approve(observations=Observation.objects.filter(pk=women.pk), by=None)
        assert facts_collect().written == 1
    fact = Fact.objects.get(country=published, indicator__code="UNE_DEAP_SEX_AGE_RT", key="SEX=SEX_F")
    assert (fact.value, fact.revised, fact.national_revision) == (Decimal("9.4"), True, 3)
    earlier = FactRevision.objects.get(country=published, key="SEX=SEX_F")
    assert (earlier.value, earlier.numerator, earlier.national_revision, earlier.withdrawn) == (
        Decimal("9.0"),
        900,
        1,
        False,
    )


def test_the_reconciliation_repairs_what_an_incremental_run_missed(published):
    with tenant_context(published):
        facts_collect()
        # A publication whose collection was lost: approved and public before the last run's window.
        participation = Indicator.objects.get(code="EAP_DWAP_SEX_AGE_RT")
        _value(participation, "2023", {}, "64.2")
        Fact.objects.filter(country=published, key="").filter(indicator__code="UNE_DEAP_SEX_AGE_RT").delete()
        Observation.objects.filter(indicator__code="CMP_RECV_SEX_CAT_NB").delete()  # withdrawn by the country
        assert facts_collect().written == 0
        repaired = facts_collect(full=True)
    assert repaired.written == 1 + 1 + 3
    facts = _facts(published)
    assert ("EAP_DWAP_SEX_AGE_RT", "2023", "") in facts and ("UNE_DEAP_SEX_AGE_RT", "2025", "") in facts
    assert not any(code == "CMP_RECV_SEX_CAT_NB" for code, _p, _k in facts)
    assert FactRevision.objects.filter(country=published, withdrawn=True).count() == 3


def test_a_country_collects_only_its_own_values(published, lc):
    with tenant_context(lc):
        _value(Indicator.objects.get(code="UNE_DEAP_SEX_AGE_RT"), "2025", {}, "16.0")
        answer = facts_collect_country.apply(kwargs={"full": True}).get()
    assert (answer["country"], answer["written"]) == ("lc", 1)
    assert set(_facts(lc)) == {("UNE_DEAP_SEX_AGE_RT", "2025", "")}
    assert not Fact.objects.filter(country=published).exists()  # kn's values wait for kn's collection


def test_approving_harmonised_values_sends_their_collection(kn, django_capture_on_commit_callbacks):
    with tenant_context(kn):
        waiting = _value(
            Indicator.objects.get(code="UNE_DEAP_SEX_AGE_RT"), "2026", {}, "7.0", state="submitted"
        )
        with django_capture_on_commit_callbacks() as sent:
            observations_approve(observations=Observation.objects.filter(pk=waiting.pk), by=None)
        assert Message.objects.filter(task=facts_collect_country.name).count() == 1
    assert len(sent) == 2  # the collection sent, and the country's public pages recomputed


def test_a_change_of_definition_flags_the_first_period_under_it(kn):
    with schema_context(get_public_schema_name()):
        definition_change(
            indicator=HarmonisedIndicator.objects.get(code="EAP_DWAP_SEX_AGE_RT"),
            name="Labour force participation rate (19th ICLS)",
            definition="19th ICLS.",
            since_year=2025,
            reason="The region adopts the 19th ICLS.",
            by=None,
        )
    with tenant_context(kn):
        participation = Indicator.objects.get(code="EAP_DWAP_SEX_AGE_RT")
        for period, value in (("2024", "65.0"), ("2025", "66.1"), ("2026", "66.5")):
            _value(participation, period, {}, value)
        facts_collect()
    flags = {f.period: (f.flag, f.definition_version) for f in Fact.objects.filter(country=kn)}
    assert flags == {"2024": ("", 1), "2025": ("B", 2), "2026": ("", 2)}


def test_a_value_of_an_indicator_not_in_the_catalogue_is_reported_not_stored(kn):
    with tenant_context(kn):
        orphan = Indicator.objects.create(
            code="KN_OLD_HARMONISED_NB", name="Dropped", unit="NB", frequencies=["A"], harmonised=True
        )
        _value(orphan, "2025", {}, 40)
        assert facts_collect().refused == 1
    problem = CollectionProblem.objects.get(country=kn)
    assert (problem.indicator_code, problem.periods) == ("KN_OLD_HARMONISED_NB", ["2025"])
    assert not Fact.objects.filter(country=kn).exists()


def test_the_real_figures_reach_the_hub_by_collection_as_any_published_values(lc):
    figures = figures_of("LCA")
    with tenant_context(lc):
        assert figures_load("LCA") == len(figures)
        assert facts_collect().written == len(figures)
    held = {
        (f.indicator.code, f.period, f.key): f.value
        for f in Fact.objects.filter(country=lc).select_related("indicator")
    }
    assert held == {(f["code"], f["period"], breakdown_key(f["dimensions"])): f["value"] for f in figures}
