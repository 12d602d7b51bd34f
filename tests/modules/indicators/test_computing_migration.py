"""Indicators computed from the migration modules: work permits approved and refused, foreign workers
newly employed (first permits), workers assisted abroad, the recruitment cost share (SDG 10.7.1) and
nationals leaving to work abroad (farm workers departed); each value equals an independent count or sum
over the records, for the total and every breakdown group."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Count, Sum
from django_tenants.utils import tenant_context

from modules.casework.services import case_transition
from modules.employers.services import employer_save
from modules.farm_programme.models import FarmWorker
from modules.farm_programme.services import farm_worker_apply, farm_worker_update, round_save
from modules.indicators.computing import indicators_compute
from modules.indicators.models import Observation
from modules.migrant_assistance.models import AssistanceRequest
from modules.migrant_assistance.reports import RATIO
from modules.migrant_assistance.services import assistance_request_open
from modules.reference.selectors import code_lookup
from modules.reports.periods import period_parse
from modules.work_permits.models import WorkPermit, months_after
from modules.work_permits.services import permit_apply
from tests.support import user_in

TODAY = datetime.date.today()
YEAR = period_parse(str(TODAY.year))
QUARTER = period_parse(f"{TODAY.year}-Q{(TODAY.month - 1) // 3 + 1}")
MODULES = ["work_permits", "migrant_assistance", "farm_programme"]
CHECKLIST = dict.fromkeys(
    ("medical_cleared", "police_record", "passport_valid", "contract_signed", "visa_issued"), True
)


def _values(code: str, period) -> dict[str, Decimal]:
    return {o.key: o.value for o in Observation.objects.filter(indicator__code=code, period=period.text)}


def _permits(kn):
    """Applications decided today: approved (a renewal among them), refused, and one withdrawn."""
    officer, supervisor = user_in(kn, "officer"), user_in(kn, "supervisor")
    employer = employer_save(
        values={"name": "Frigate Bay Resort", "isic": code_lookup("isic4", "5510")}, version=None, by=None
    )

    def apply(sex, citizenship, occupation, **values):
        return permit_apply(
            values={
                "employer": employer,
                "position": "Worker",
                "occupation": code_lookup("isco08", occupation),
                "duration_months": 12,
                "monthly_salary": 2400,
                "worker_name": f"Worker {sex} {citizenship} {occupation}",
                "worker_sex": sex,
                "worker_birth_date": datetime.date(1990, 1, 15),
                "citizenship": code_lookup("iso3166", citizenship),
                "country_of_birth": code_lookup("iso3166", citizenship),
                "passport_number": f"P{citizenship}{occupation}",
                "no_suitable_national": True,
                **values,
            },
            by=officer,
        )

    def decide(permit, action, **values):
        case_transition(case=permit, action="review", by=officer)
        return case_transition(case=permit, action=action, by=supervisor, values=values)

    valid = {"valid_from": TODAY, "valid_until": months_after(TODAY, 12) - datetime.timedelta(days=1)}
    for sex, citizenship, occupation in (("F", "JM", "5120"), ("M", "JM", "5120"), ("F", "IN", "3434")):
        first = decide(apply(sex, citizenship, occupation), "approve", **valid)
    renewal = apply("F", "IN", "3434", renewal_of=first)
    decide(renewal, "approve", valid_from=first.valid_until, valid_until=months_after(first.valid_until, 6))
    for sex, citizenship in (("M", "GY"), ("M", "JM")):
        decide(
            apply(sex, citizenship, "9211"),
            "refuse",
            refusal_reason=code_lookup("permit_refusal_reason", "OTHER"),
        )
    case_transition(case=apply("F", "GY", "9211"), action="withdraw", by=officer)


def _requests(kn):
    """Requests for assistance received today, some with the worker's cost and earnings (a ratio of a
    third among them, whose sum has more decimals than an observation keeps)."""
    officer = user_in(kn, "officer")
    for sex, destination, kind, cost, earnings in (
        ("F", "CA", "WAGES", "1500", "2400"),
        ("M", "CA", "WAGES", "600", "2000"),
        ("F", "US", "CONTRACT", "1000", "3000"),
        ("M", "US", "REPATRIATION", None, None),
    ):
        assistance_request_open(
            values={
                "person_name": f"Worker {sex} {destination}",
                "person_sex": sex,
                "destination": code_lookup("iso3166", destination),
                "request_type": code_lookup("assistance_request_type", kind),
                "recruitment_cost": Decimal(cost) if cost else None,
                "monthly_earnings": Decimal(earnings) if earnings else None,
                "currency": "CAD" if cost else "",
            },
            by=officer,
        )


def _farm_workers(kn):
    """A round to Canada: three workers departed today, one only applied."""
    officer, supervisor = user_in(kn, "officer"), user_in(kn, "supervisor")
    season = round_save(
        values={
            "season": TODAY.year,
            "destination": code_lookup("iso3166", "CA"),
            "programme": "SAWP",
            "opens_on": TODAY - datetime.timedelta(days=10),
            "closes_on": TODAY + datetime.timedelta(days=30),
            "places": 5,
            "currency": "CAD",
            "status": "open",
        },
        version=None,
        by=supervisor,
    )
    for number, sex in enumerate(("F", "M", "M", "F")):
        worker = farm_worker_apply(
            values={
                "round": season,
                "name": f"Farm worker {number}",
                "sex": sex,
                "birth_date": datetime.date(1985, 7, 1),
            },
            by=officer,
        )
        if number == 3:
            continue  # applied, never left
        case_transition(case=worker, action="shortlist", by=officer)
        case_transition(case=worker, action="select", by=supervisor)
        farm_worker_update(worker=worker, values=CHECKLIST, version=worker.version, by=officer)
        case_transition(case=worker, action="depart", by=officer, values={"departed_on": TODAY})


@pytest.fixture
def records(kn):
    with tenant_context(kn):
        _permits(kn)
        _requests(kn)
        _farm_workers(kn)
    return kn


def test_permits_approved_and_refused_equal_counts_of_the_decisions(records):
    with tenant_context(records):
        indicators_compute(QUARTER, modules=MODULES)
        approved, refused = _values("WPM_APRV_SEX_CCT_NB", QUARTER), _values("WPM_RFSD_SEX_CCT_NB", QUARTER)
        decided = WorkPermit.objects.filter(decided_on__range=QUARTER.bounds)
        approvals, refusals = decided.filter(status="approved"), decided.filter(status="refused")
        assert approved[""] == approvals.count() and refused[""] == refusals.count()
        for sex in ("F", "M"):
            assert approved[f"SEX=SEX_{sex}"] == approvals.filter(worker_sex=sex).count()
            assert refused.get(f"SEX=SEX_{sex}", 0) == refusals.filter(worker_sex=sex).count()
            # Citizenship in ISO alpha-3, as the catalogue says.
            for alpha2, alpha3 in (("JM", "JAM"), ("IN", "IND"), ("GY", "GUY")):
                mine = approvals.filter(worker_sex=sex, citizenship__code=alpha2)
                assert approved.get(f"CCT={alpha3}|SEX=SEX_{sex}", 0) == mine.count()
                for group in ("3", "5"):
                    expected = mine.filter(occupation__path__startswith=group).count()
                    assert approved.get(f"CCT={alpha3}|OCU=OCU_ISCO08_{group}|SEX=SEX_{sex}", 0) == expected
                expected = refusals.filter(worker_sex=sex, citizenship__code=alpha2).count()
                assert refused.get(f"CCT={alpha3}|SEX=SEX_{sex}", 0) == expected
        assert approved["OCU=OCU_ISCO08_5"] == approvals.filter(occupation__path__startswith="5").count()
        assert not any("OCU" in key for key in refused)  # refusals are by sex and citizenship only


def test_foreign_workers_newly_employed_are_first_permits_in_thousands(records):
    with tenant_context(records):
        indicators_compute(YEAR, modules=MODULES)
        values = _values("MFL_NEMP_SEX_OCU_NB", YEAR)
        first = WorkPermit.objects.filter(
            status="approved", renewal_of__isnull=True, decided_on__range=YEAR.bounds
        )
        assert values[""] == Decimal(first.count()) / 1000
        for sex in ("F", "M"):
            for group in ("3", "5"):
                expected = first.filter(worker_sex=sex, occupation__path__startswith=group).count()
                assert values.get(f"OCU=OCU_ISCO08_{group}|SEX=SEX_{sex}", 0) == Decimal(expected) / 1000
        # Annual only, as the catalogue: nothing for the quarter.
        indicators_compute(QUARTER, modules=MODULES)
        assert _values("MFL_NEMP_SEX_OCU_NB", QUARTER) == {}


def test_workers_assisted_equal_a_count_of_the_requests_by_sex_destination_and_type(records):
    with tenant_context(records):
        indicators_compute(QUARTER, modules=MODULES)
        values = _values("MAS_CASE_SEX_CDS_NB", QUARTER)
        received = AssistanceRequest.objects.filter(opened_on__range=QUARTER.bounds)
        assert values[""] == received.count()
        for sex in ("F", "M"):
            assert values[f"SEX=SEX_{sex}"] == received.filter(person_sex=sex).count()
            for destination in ("CA", "US"):
                mine = received.filter(person_sex=sex, destination__code=destination)
                assert values.get(f"CDS={destination}|SEX=SEX_{sex}", 0) == mine.count()
                for kind in ("WAGES", "CONTRACT", "REPATRIATION"):
                    expected = mine.filter(request_type__code=kind).count()
                    assert values.get(f"CDS={destination}|SEX=SEX_{sex}|TYPE={kind}", 0) == expected
        assert values["TYPE=WAGES"] == received.filter(request_type__code="WAGES").count()


def test_the_recruitment_cost_share_is_the_mean_of_the_workers_ratios_and_recomputes_unchanged(records):
    with tenant_context(records):
        indicators_compute(YEAR, modules=MODULES)
        costed = AssistanceRequest.objects.filter(
            opened_on__range=YEAR.bounds, recruitment_cost__isnull=False, monthly_earnings__isnull=False
        )
        observations = {
            o.key: o for o in Observation.objects.filter(indicator__code="MAS_RCST_NOC_RT", period=YEAR.text)
        }
        for key, workers in [("", costed)] + [
            (f"CDS={destination}", costed.filter(destination__code=destination))
            for destination in ("CA", "US")
        ]:
            parts = workers.aggregate(ratios=Sum(RATIO), workers=Count("pk"))
            observation = observations[key]
            assert observation.denominator == parts["workers"]
            assert observation.numerator == parts["ratios"].quantize(Decimal("0.0001"))
            mean = parts["ratios"] / parts["workers"] * 100
            assert abs(observation.value - mean) < Decimal("0.0001")
        # The sum of the ratios read back compares equal: computing again writes nothing.
        again = {c.indicator: c for c in indicators_compute(YEAR, modules=["migrant_assistance"])}
        assert again["MAS_RCST_NOC_RT"].written == 0 and again["MAS_RCST_NOC_RT"].removed == 0


def test_nationals_employed_abroad_are_the_farm_workers_departed_in_thousands(records):
    with tenant_context(records):
        indicators_compute(YEAR, modules=MODULES)
        values = _values("MNA_OEMP_SEX_CDS_NB", YEAR)
        departed = FarmWorker.objects.filter(departed_on__range=YEAR.bounds)
        assert values[""] == Decimal(departed.count()) / 1000
        for sex in ("F", "M"):
            assert values[f"SEX=SEX_{sex}"] == Decimal(departed.filter(sex=sex).count()) / 1000
            expected = departed.filter(sex=sex, round__destination__code="CA").count()
            assert values[f"CDS=CA|SEX=SEX_{sex}"] == Decimal(expected) / 1000
