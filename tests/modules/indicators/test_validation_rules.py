"""The rules a submission meets as a whole, by every channel: counts and rates within bounds, a rate
that is its numerator over its denominator, parts that do not exceed their total (women and men that
make it), and a comment for a value that moved by more than half since the period before."""

import datetime
from decimal import Decimal

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.indicators.models import Observation, breakdown_key
from modules.indicators.services import agency_member_add, agency_save, indicator_save, observations_submit
from modules.indicators.submissions import SubmissionRefused, period_before
from tests.support import client_for, sign_in, user_in


@pytest.fixture
def office(kn):
    """The statistics office with the country's submitter, and two of its national indicators: a count
    by sex and economic activity (annual and quarterly), and a rate by sex."""
    with tenant_context(kn):
        agency = agency_save(
            values={"name": "Statistics Office", "kind": "statistics"}, version=None, by=None
        )
        agency_member_add(agency=agency, user=user_in(kn, "agency_submitter"), by=None)
        common = {"frequencies": ["A", "Q"], "agency": agency}
        count = indicator_save(
            values={
                "code": "KN_APPR_SEX_ECO_NB",
                "name": "Apprentices",
                "unit": "NB",
                "dimensions": ["SEX", "ECO"],
                **common,
            },
            version=None,
            by=None,
        )
        rate = indicator_save(
            values={
                "code": "KN_APPR_SEX_RT",
                "name": "Apprentice share",
                "unit": "PT",
                "dimensions": ["SEX"],
                **common,
            },
            version=None,
            by=None,
        )
    return count, rate


def _refusals(kn, indicator, rows) -> list[tuple[int | None, str, str]]:
    with tenant_context(kn):
        before = Observation.objects.filter(indicator=indicator).count()
        with pytest.raises(SubmissionRefused) as refused:
            observations_submit(indicator=indicator, rows=rows, by=user_in(kn, "agency_submitter"))
        assert Observation.objects.filter(indicator=indicator).count() == before  # nothing half-saved
    return [(error.row, error.column, error.message) for error in refused.value.errors]


def test_women_and_men_make_their_total_and_no_parts_exceed_it(kn, office):
    count, _rate = office
    assert _refusals(
        kn,
        count,
        [
            {"period": "2025", "value": "50"},
            {"period": "2025", "SEX": "SEX_F", "value": "30"},
            {"period": "2025", "SEX": "SEX_M", "value": "21"},
        ],
    ) == [(1, "value", "Its parts by SEX add up to 51, not this total of 50.")]
    assert _refusals(
        kn,
        count,
        [
            {"period": "2025", "value": "50"},
            {"period": "2025", "ECO": "ECO_ISIC4_I", "value": "40"},
            {"period": "2025", "ECO": "ECO_ISIC4_C", "value": "11"},
        ],
    ) == [(1, "value", "Its parts by ECO add up to 51, more than this total of 50.")]
    with tenant_context(kn):
        saved = observations_submit(
            indicator=count,
            rows=[
                {"period": "2025", "value": "50"},
                {"period": "2025", "ECO": "ECO_ISIC4_I", "value": "40"},  # the other sections not given
                {"period": "2025", "SEX": "SEX_F", "value": "29.5"},  # rounded: within half a unit each
                {"period": "2025", "SEX": "SEX_M", "value": "20.4"},
                {"period": "2025", "SEX": "SEX_F", "ECO": "ECO_ISIC4_I", "value": "22"},
            ],
            by=user_in(kn, "agency_submitter"),
        )
    assert len(saved) == 5


def test_counts_are_never_negative_and_rates_stay_within_their_scale_and_their_parts(kn, office):
    count, rate = office
    assert _refusals(kn, count, [{"period": "2025", "value": "-3"}]) == [
        (1, "value", "A count, an amount or a rate cannot be negative.")
    ]
    assert _refusals(kn, rate, [{"period": "2025", "value": "104"}]) == [
        (1, "value", "This rate is at most 100.")
    ]
    assert _refusals(
        kn, rate, [{"period": "2025", "value": "9.1", "numerator": "85", "denominator": "1000"}]
    ) == [(1, "value", "The value should be the numerator over the denominator, 8.50, not 9.1.")]
    with tenant_context(kn):
        observations_submit(
            indicator=rate,
            rows=[{"period": "2025", "value": "8.5", "numerator": "85", "denominator": "1000"}],
            by=user_in(kn, "agency_submitter"),
        )


def test_a_sharp_change_since_the_period_before_needs_a_comment(kn, office):
    count, _rate = office
    with tenant_context(kn):
        Observation.objects.create(
            indicator=count,
            period="2024-Q4",
            key=breakdown_key({}),
            dimensions={},
            value=Decimal(40),
            origin="submitted",
            state="approved",
            publish_at=timezone.now() - datetime.timedelta(days=1),
        )
    refused = _refusals(
        kn, count, [{"period": "2025-Q1", "value": "70"}, {"period": "2025-Q2", "value": "30"}]
    )
    assert refused == [
        (1, "comment", "The value moved by +75% since 2024-Q4 (from 40): say why in the comment."),
        (2, "comment", "The value moved by -57% since 2025-Q1 (from 70): say why in the comment."),
    ]
    submitter = sign_in(client_for("kn.localhost"), kn, "agency_submitter")
    form = submitter.post(f"/indicators/submit/{count.pk}/", {"period": "2025-Q1", "value": "70"})
    assert form.status_code == 200 and "comment" in form.context["form"].errors
    explained = submitter.post(
        f"/indicators/submit/{count.pk}/",
        {"period": "2025-Q1", "value": "70", "comment": "A new apprenticeship scheme started in January."},
    )
    assert explained.status_code == 302
    with tenant_context(kn):
        value = Observation.objects.get(indicator=count, period="2025-Q1")
    assert value.comment == "A new apprenticeship scheme started in January."
    with tenant_context(kn):
        TOTP.activate(user_in(kn, "lmis_admin"), generate_totp_secret())
    admin_page = sign_in(client_for("kn.localhost"), kn, "lmis_admin").get("/indicators/values/")
    assert "A new apprenticeship scheme started in January." in admin_page.content.decode()


def test_the_period_before():
    assert [period_before(p) for p in ("2025", "2025-Q1", "2025-Q3", "2025-01", "2025-10")] == [
        "2024",
        "2024-Q4",
        "2025-Q2",
        "2024-12",
        "2025-09",
    ]
