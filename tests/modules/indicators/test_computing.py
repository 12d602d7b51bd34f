"""Indicators computed from the case records: each value equals an independent count over the records,
totals over every dimension, idempotent re-computation, the unit multiplier, the task and its page."""

import datetime
import uuid
from decimal import Decimal

import pytest
from celery.contrib.testing.worker import start_worker
from django.db.models import Count, F, Q, Sum
from django_tenants.utils import tenant_context

from clmis.celery import app
from modules.complaints.models import Complaint
from modules.complaints.services import complaint_open
from modules.employers.services import employer_save
from modules.indicators.computing import (
    Computation,
    age_band,
    indicators_compute,
    isic_section,
    migrant_status,
    sex_columns,
)
from modules.indicators.computing import sex as by_sex
from modules.indicators.models import Indicator, Observation
from modules.indicators.tasks import indicators_compute_period, last_complete_periods
from modules.industrial_actions.models import IndustrialAction
from modules.industrial_actions.services import industrial_action_open
from modules.reference.selectors import code_lookup
from modules.reports.periods import period_parse
from tests.support import client_for, sign_in

PERIOD = period_parse("2026-Q1")
MODULES = ["complaints", "industrial_actions"]


def _values(code: str, period: str = PERIOD.text) -> dict[str, Decimal]:
    return {o.key: o.value for o in Observation.objects.filter(indicator__code=code, period=period)}


@pytest.fixture
def records(kn):
    """Complaints and industrial actions in the first quarter, and some outside it."""
    with tenant_context(kn):
        hotel = employer_save(
            values={"name": "Frigate Bay Resort", "isic": code_lookup("isic4", "5510")}, version=None, by=None
        )
        bakery = employer_save(
            values={"name": "Sandy Point Bakery", "isic": code_lookup("isic4", "1071")}, version=None, by=None
        )
        for sex, category, opened in (
            ("F", "WAGES", datetime.date(2026, 1, 5)),
            ("F", "WAGES", datetime.date(2026, 2, 5)),
            ("M", "WAGES", datetime.date(2026, 3, 31)),
            ("F", "LEAVE", datetime.date(2026, 3, 1)),
            ("M", "LEAVE", datetime.date(2026, 4, 1)),  # the next quarter
        ):
            complaint_open(
                values={
                    "complainant_name": "Worker",
                    "complainant_sex": sex,
                    "employer": hotel,
                    "category": code_lookup("complaint_category", category),
                    "opened_on": opened,
                },
                by=None,
            )
        for employer, women, men, days in ((hotel, 10, 20, Decimal("45.5")), (bakery, 3, 1, Decimal("4"))):
            industrial_action_open(
                values={
                    "action_type": "strike",
                    "employer": employer,
                    "workers_women": women,
                    "workers_men": men,
                    "started_on": datetime.date(2026, 2, 2),
                    "ended_on": datetime.date(2026, 2, 4),
                    "days_not_worked": days,
                    "cause": code_lookup("industrial_action_cause", "OTHER"),
                },
                by=None,
            )
    return kn


def test_complaints_received_equal_a_count_of_the_records_by_sex_and_category(records):
    with tenant_context(records):
        indicators_compute(PERIOD, modules=MODULES)
        values = _values("CMP_RECV_SEX_CAT_NB")
        in_period = Complaint.objects.filter(opened_on__range=PERIOD.bounds)
        assert values[""] == in_period.count()
        for sex in ("F", "M"):
            assert values[f"SEX=SEX_{sex}"] == in_period.filter(complainant_sex=sex).count()
            for category in ("WAGES", "LEAVE"):
                expected = in_period.filter(complainant_sex=sex, category__code=category).count()
                assert values.get(f"CAT={category}|SEX=SEX_{sex}", 0) == expected
        assert values["CAT=WAGES"] == in_period.filter(category__code="WAGES").count()
        observation = Observation.objects.get(indicator__code="CMP_RECV_SEX_CAT_NB", period="2026-Q1", key="")
        assert observation.origin == "computed" and observation.dimensions == {}


def test_industrial_actions_give_workers_in_thousands_and_days_by_activity(records):
    year = period_parse("2026")  # strikes are counted by year only
    with tenant_context(records):
        indicators_compute(year, modules=MODULES)
        actions = IndustrialAction.objects.filter(started_on__range=year.bounds).exclude(status="withdrawn")
        workers = actions.aggregate(n=Sum(F("workers_women") + F("workers_men")))["n"]
        assert _values("STR_WORK_ECO_NB", "2026")[""] == Decimal(workers) / 1000  # the catalogue's thousands
        assert (
            _values("STR_DAYS_ECO_NB", "2026")["ECO=ECO_ISIC4_I"]
            == actions.filter(isic__path__startswith="I").aggregate(n=Sum("days_not_worked"))["n"]
        )
        assert (
            _values("STR_TSTR_ECO_NB", "2026")["ECO=ECO_ISIC4_C"]
            == actions.filter(isic__path__startswith="C").count()
        )


def test_computing_again_is_idempotent_and_follows_the_records(records):
    with tenant_context(records):
        first = {c.indicator: c for c in indicators_compute(PERIOD, modules=MODULES)}
        assert first["CMP_RECV_SEX_CAT_NB"].written > 0
        before = Observation.history.count()
        again = {c.indicator: c for c in indicators_compute(PERIOD, modules=MODULES)}
        assert all(c.written == 0 and c.removed == 0 for c in again.values())
        assert Observation.history.count() == before
        # A complaint whose category is corrected moves between groups; an emptied group goes away.
        leave = Complaint.objects.get(opened_on=datetime.date(2026, 3, 1))
        Complaint.objects.filter(pk=leave.pk).update(category=code_lookup("complaint_category", "WAGES"))
        indicators_compute(PERIOD, modules=MODULES, codes=["CMP_RECV_SEX_CAT_NB"])
        values = _values("CMP_RECV_SEX_CAT_NB")
        assert "CAT=LEAVE" not in values and "CAT=LEAVE|SEX=SEX_F" not in values
        assert values["CAT=WAGES|SEX=SEX_F"] == 3


def test_each_value_written_has_its_history_by_the_system(records):
    """Values are written together, not one by one: each still has its history, by the system, and a
    changed value is a new version waiting for approval again."""
    with tenant_context(records):
        indicators_compute(PERIOD, modules=MODULES, codes=["CMP_RECV_SEX_CAT_NB"])
        total = Observation.objects.get(indicator__code="CMP_RECV_SEX_CAT_NB", period=PERIOD.text, key="")
        assert [(h.history_type, h.actor, h.value) for h in total.history.all()] == [("+", "system", 4)]
        assert Observation.history.filter(indicator__code="CMP_RECV_SEX_CAT_NB").count() == len(
            _values("CMP_RECV_SEX_CAT_NB")
        )
        Observation.objects.filter(pk=total.pk).update(state=Observation.State.APPROVED)
        leave = Complaint.objects.get(opened_on=datetime.date(2026, 3, 1))
        Complaint.objects.filter(pk=leave.pk).update(opened_on=datetime.date(2026, 4, 2))
        indicators_compute(PERIOD, modules=MODULES, codes=["CMP_RECV_SEX_CAT_NB"])
        total.refresh_from_db()
        assert (total.value, total.version, total.state) == (3, 2, Observation.State.SUBMITTED)
        assert [(h.history_type, h.actor, h.value) for h in total.history.all()] == [
            ("~", "system", 3),
            ("+", "system", 4),
        ]


def test_only_indicators_of_the_periods_periodicity_and_in_the_package_are_computed(records):
    with tenant_context(records):
        Indicator.objects.filter(code="CMP_SETL_CAT_NB").update(active=False)
        computed = {c.indicator for c in indicators_compute(PERIOD, modules=MODULES)}
        # Strikes are annual only; the settled complaints are out of the package.
        assert computed == {"CMP_RECV_SEX_CAT_NB", "CMP_AMTR_NOC_NB"}
        assert {
            c.indicator for c in indicators_compute(period_parse("2026"), modules=["industrial_actions"])
        } == {
            "STR_TSTR_ECO_NB",
            "STR_WORK_ECO_NB",
            "STR_DAYS_ECO_NB",
        }


def test_the_last_complete_periods():
    assert last_complete_periods(datetime.date(2026, 1, 15)) == ["2025", "2025-Q4", "2025-12"]
    assert last_complete_periods(datetime.date(2026, 5, 2)) == ["2025", "2026-Q1", "2026-04"]


@pytest.fixture(scope="module")
def queue():
    name = f"test-{uuid.uuid4().hex[:8]}"
    with start_worker(app, pool="solo", perform_ping_check=False, queues=[name], shutdown_timeout=10):
        yield name


@pytest.mark.django_db
def test_the_task_computes_in_the_country_it_was_sent_from(countries, queue):
    with tenant_context(countries["lc"]):
        result = indicators_compute_period.apply_async(("1990",), {"codes": ["CMP_AMTR_NOC_NB"]}, queue=queue)
    answer = result.get(timeout=30)
    assert answer["country"] == "lc" and answer["indicators"] == ["CMP_AMTR_NOC_NB"]


def test_the_statistician_asks_for_a_period_and_follows_its_progress(kn):
    statistician = sign_in(client_for("kn.localhost"), kn, "statistician")
    assert statistician.get("/indicators/compute/").status_code == 200
    refused = statistician.post("/indicators/compute/", {"period": "2026-13"})
    assert refused.status_code == 200 and "period" in refused.context["form"].errors
    sent = statistician.post("/indicators/compute/", {"period": "2026-Q1"})
    assert sent.status_code == 302 and "/indicators/compute/" in sent["Location"]
    progress = statistician.get(sent["Location"])
    assert progress.status_code == 200 and 'http-equiv="refresh"' in progress.content.decode()
    officer = sign_in(client_for("kn.localhost"), kn, "officer")
    assert officer.get("/indicators/compute/").status_code == 403


def test_rates_keep_their_parts_and_totals_add_the_parts_not_the_rates(records):
    """A share of settled complaints by sex: the total's rate comes from the summed numerators and
    denominators; breakdowns by migrant status (nationality against the country's own) and age band."""
    with tenant_context(records):
        for complaint, nationality, born in zip(
            Complaint.objects.filter(opened_on__range=PERIOD.bounds).order_by("opened_on"),
            ("KN", "GY", None, "KN"),
            (datetime.date(1990, 1, 1), datetime.date(2004, 6, 1), None, datetime.date(1960, 1, 1)),
            strict=True,
        ):
            Complaint.objects.filter(pk=complaint.pk).update(
                complainant_nationality=code_lookup("iso3166", nationality) if nationality else None,
                complainant_birth_date=born,
                status="settled" if nationality == "KN" else complaint.status,
            )
        share = Computation(
            "X",
            Complaint.objects.all,
            "opened_on",
            measure=Count("pk", filter=Q(status="settled")),
            denominator=Count("pk"),
            breakdowns=(by_sex("complainant_sex"),),
        )
        figures = share.values(PERIOD)
        women = Complaint.objects.filter(opened_on__range=PERIOD.bounds, complainant_sex="F")
        settled_women = women.filter(status="settled").count()
        assert (
            figures["SEX=SEX_F"].numerator == settled_women
            and figures["SEX=SEX_F"].denominator == women.count()
        )
        assert (
            figures[""].value == Decimal(2) / Decimal(4) * 100
        )  # 2 of the 4 complaints, not a mean of rates
        by_status = Computation(
            "Y", Complaint.objects.all, "opened_on", breakdowns=(migrant_status("complainant_nationality"),)
        ).values(PERIOD)
        assert {key: figure.value for key, figure in by_status.items() if key} == {
            "MIG=MIG_STATUS_NONMIG": 2,
            "MIG=MIG_STATUS_MIGRANT": 1,
            "MIG=MIG_STATUS_X": 1,
        }
        by_age = Computation(
            "Z",
            Complaint.objects.all,
            "opened_on",
            breakdowns=(age_band("complainant_birth_date", "opened_on"),),
        ).values(PERIOD)
        assert by_age["AGE=AGE_10YRBANDS_Y15-24"].value == 1 and by_age["AGE=AGE_10YRBANDS_Y35-44"].value == 1


def test_a_sex_held_as_columns_of_women_and_men_is_one_breakdown(records):
    """Workers of industrial actions by sex: each action's women and men are the groups, and the totals
    add both columns."""
    with tenant_context(records):
        workers = Computation(
            "W",
            IndustrialAction.objects.all,
            "started_on",
            columns=sex_columns("workers_women", "workers_men"),
            breakdowns=(isic_section(),),
        ).values(PERIOD)
        actions = IndustrialAction.objects.filter(started_on__range=PERIOD.bounds)
        women = actions.aggregate(n=Sum("workers_women"))["n"]
        men = actions.aggregate(n=Sum("workers_men"))["n"]
        assert workers["SEX=SEX_F"].value == women and workers["SEX=SEX_M"].value == men
        assert workers[""].value == women + men
        hotels = actions.filter(isic__path__startswith="I").aggregate(n=Sum("workers_men"))["n"]
        assert workers["ECO=ECO_ISIC4_I|SEX=SEX_M"].value == hotels
        with pytest.raises(ValueError):
            Computation(
                "V",
                IndustrialAction.objects.all,
                "started_on",
                measure=Sum("days_not_worked"),
                columns=sex_columns("workers_women", "workers_men"),
            )
