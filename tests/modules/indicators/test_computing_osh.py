"""Occupational safety and health indicators computed from accidents, inspections, workplaces and
disputes: each value equals an independent count or sum over the records, for the total and for each
group; diseases, planned or cancelled inspections and closed workplaces are left out."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone
from django_tenants.utils import tenant_context

from modules.accidents.models import Accident
from modules.accidents.services import accident_register
from modules.casework.services import case_transition
from modules.disputes.models import Dispute
from modules.disputes.services import dispute_open
from modules.employers.services import employer_save
from modules.indicators.computing import indicators_compute
from modules.indicators.models import Observation
from modules.inspections.models import VISITED, Inspection
from modules.inspections.services import inspection_open
from modules.reference.selectors import code_lookup
from modules.reports.periods import period_parse
from modules.workplaces.models import Workplace
from modules.workplaces.services import workplace_save
from tests.support import user_in

YEAR = period_parse("2026")
MODULES = ["accidents", "inspections", "workplaces", "disputes"]


def _values(code: str, period: str = YEAR.text) -> dict[str, Decimal]:
    return {o.key: o.value for o in Observation.objects.filter(indicator__code=code, period=period)}


@pytest.fixture
def records(kn):
    """Accidents and diseases, inspections visited, planned and cancelled, workplaces in and out of
    operation, disputes: in 2026 and some outside it."""
    with tenant_context(kn):
        officer = user_in(kn, "officer")
        builders = employer_save(
            values={"name": "Basseterre Builders", "isic": code_lookup("isic4", "4100")},
            version=None,
            by=None,
        )
        hotel = employer_save(
            values={"name": "Frigate Bay Resort", "isic": code_lookup("isic4", "5510")}, version=None, by=None
        )
        for sex, nationality, fatal, disease, days, occurred in (
            ("M", "KN", True, False, 0, datetime.date(2026, 2, 3)),
            ("M", "GY", True, False, 0, datetime.date(2026, 3, 9)),
            ("F", "GY", False, False, 12, datetime.date(2026, 4, 1)),
            ("F", None, False, False, 5, datetime.date(2026, 5, 20)),
            ("M", "KN", False, False, 30, datetime.date(2026, 6, 2)),
            ("M", "KN", False, True, 60, datetime.date(2026, 6, 3)),  # a disease: no injury
            ("F", "KN", True, True, 0, datetime.date(2026, 6, 4)),  # a fatal disease: no injury either
            ("F", "GY", False, False, 8, datetime.date(2025, 12, 30)),  # the year before
        ):
            accident_register(
                values={
                    "notified_by": "Site manager",
                    "notified_on": occurred,
                    "opened_on": occurred,
                    "person_name": "Worker",
                    "person_sex": sex,
                    "person_age": 30,
                    "nationality": code_lookup("iso3166", nationality) if nationality else None,
                    "employer": builders if days != 5 else hotel,
                    "occurred_on": occurred,
                    "is_disease": disease,
                    "fatal": fatal,
                    "days_lost": days,
                },
                by=officer,
            )
        workplaces = [
            workplace_save(employer=employer, values={"name": name}, version=None, by=None)
            for employer, name in (
                (builders, "Yard"),
                (hotel, "Main hotel"),
                (hotel, "Spa"),
                (hotel, "Annex"),
            )
        ]
        for opened, visited in (
            (datetime.date(2026, 1, 10), datetime.date(2026, 1, 12)),
            (datetime.date(2026, 3, 1), datetime.date(2026, 3, 2)),
            (datetime.date(2025, 12, 1), datetime.date(2025, 12, 3)),  # visited the year before
            (datetime.date(2026, 5, 1), None),  # planned, not visited
            (datetime.date(2026, 5, 2), "cancel"),
        ):
            values = {"kind": "planned", "workplace": workplaces[1], "opened_on": opened}
            if visited == "cancel":
                # Its visit's date entered ahead, then cancelled before it was made.
                values["visited_on"] = datetime.date(2026, 5, 3)
            inspection = inspection_open(values=values, by=officer)
            if visited == "cancel":
                case_transition(case=inspection, action="cancel", by=officer)
            elif visited is not None:
                case_transition(
                    case=inspection,
                    action="visit",
                    by=officer,
                    values={"visited_on": visited, "workers_women": 2, "workers_men": 3},
                )
        # Recorded before the year's end, and one after it; the annex has closed.
        Workplace.objects.filter(pk__in=[w.pk for w in workplaces[:3]]).update(
            created_at=timezone.make_aware(datetime.datetime(2026, 3, 1, 9))
        )
        Workplace.objects.filter(pk=workplaces[2].pk).update(
            created_at=timezone.make_aware(datetime.datetime(2027, 1, 2, 9))
        )
        Workplace.objects.filter(pk=workplaces[3].pk).update(active=False)
        for reported in (datetime.date(2026, 2, 1), datetime.date(2026, 4, 1), datetime.date(2025, 11, 1)):
            dispute_open(
                values={
                    "employer": hotel,
                    "workers_description": "Kitchen staff",
                    "workers_involved": 12,
                    "issues": [code_lookup("dispute_issue", "OTHER")],
                    "opened_on": reported,
                    "reported_on": reported,
                },
                by=officer,
            )
    return kn


def _migrant(accidents, status: str):
    if status == "MIG_STATUS_X":
        return accidents.filter(nationality__isnull=True)
    nationals = accidents.filter(nationality__code="KN")
    if status == "MIG_STATUS_NONMIG":
        return nationals
    return accidents.exclude(nationality__isnull=True).exclude(pk__in=nationals)


@pytest.mark.parametrize(("code", "fatal"), [("INJ_FATL_SEX_MIG_NB", True), ("INJ_NFTL_SEX_MIG_NB", False)])
def test_injuries_equal_a_count_of_the_accidents_by_sex_and_migrant_status(records, code, fatal):
    with tenant_context(records):
        indicators_compute(YEAR, modules=MODULES)
        values = _values(code)
        injuries = Accident.objects.filter(occurred_on__range=YEAR.bounds, is_disease=False, fatal=fatal)
        assert values[""] == injuries.count()
        statuses = ("MIG_STATUS_MIGRANT", "MIG_STATUS_NONMIG", "MIG_STATUS_X")
        for status in statuses:
            assert values.get(f"MIG={status}", 0) == _migrant(injuries, status).count()
        for sex in ("F", "M"):
            of_sex = injuries.filter(person_sex=sex)
            assert values.get(f"SEX=SEX_{sex}", 0) == of_sex.count()
            for status in statuses:
                assert values.get(f"MIG={status}|SEX=SEX_{sex}", 0) == _migrant(of_sex, status).count()
        # The fixture's diseases (one of them fatal) are in the year but in neither count.
        assert injuries.count() < Accident.objects.filter(occurred_on__range=YEAR.bounds, fatal=fatal).count()


def test_days_lost_are_those_of_non_fatal_injuries_by_economic_activity(records):
    with tenant_context(records):
        indicators_compute(YEAR, modules=MODULES)
        values = _values("INJ_DAYS_ECO_NB")
        injuries = Accident.objects.filter(occurred_on__range=YEAR.bounds, is_disease=False, fatal=False)
        assert values[""] == injuries.aggregate(n=Sum("days_lost"))["n"]
        for section in ("F", "I"):
            of_section = injuries.filter(isic__path__startswith=section)
            assert values[f"ECO=ECO_ISIC4_{section}"] == of_section.aggregate(n=Sum("days_lost"))["n"]


def test_visits_are_the_inspections_visited_in_the_period(records):
    with tenant_context(records):
        indicators_compute(YEAR, modules=MODULES)
        visited = Inspection.objects.filter(visited_on__range=YEAR.bounds, status__in=VISITED)
        assert _values("LAI_VIST_NOC_NB") == {"": visited.count()}
        # The cancelled inspection had a date of visit entered: it is still no visit made.
        dated = Inspection.objects.filter(visited_on__range=YEAR.bounds)
        assert dated.filter(status="cancelled").exists() and visited.count() < dated.count()


def test_workplaces_liable_to_inspection_are_those_in_operation_at_the_periods_end(records):
    with tenant_context(records):
        indicators_compute(YEAR, modules=MODULES)
        end = timezone.make_aware(datetime.datetime(2026, 12, 31, 23, 59, 59, 999999))
        liable = Workplace.objects.filter(active=True, created_at__lte=end)
        assert _values("LAI_WOPL_NOC_NB") == {"": liable.count()}
        # A stock: the year before, the workplaces recorded in 2026 were not yet on the register.
        indicators_compute(period_parse("2025"), modules=MODULES, codes=["LAI_WOPL_NOC_NB"])
        before = Workplace.objects.filter(
            active=True, created_at__lt=timezone.make_aware(datetime.datetime(2026, 1, 1))
        )
        assert _values("LAI_WOPL_NOC_NB", "2025") == {"": before.count()}
        # The yard and the main hotel were recorded in 2026; the spa after it, and the annex has closed.
        names = set(liable.exclude(pk__in=before).values_list("name", flat=True))
        assert {"Yard", "Main hotel"} <= names and not {"Spa", "Annex"} & names


@pytest.mark.parametrize("period", ["2026", "2026-Q1", "2026-Q2"])
def test_disputes_received_are_those_reported_in_the_year_and_in_each_quarter(records, period):
    with tenant_context(records):
        chosen = period_parse(period)
        indicators_compute(chosen, modules=MODULES)
        reported = Dispute.objects.filter(reported_on__range=chosen.bounds)
        assert _values("DSP_RECV_NOC_NB", period) == {"": reported.count()}


def test_only_the_osh_indicators_of_the_periods_periodicity_are_computed(records):
    with tenant_context(records):
        yearly = {c.indicator for c in indicators_compute(YEAR, modules=MODULES)}
        assert yearly == {
            "INJ_FATL_SEX_MIG_NB",
            "INJ_NFTL_SEX_MIG_NB",
            "INJ_DAYS_ECO_NB",
            "LAI_VIST_NOC_NB",
            "LAI_WOPL_NOC_NB",
            "DSP_RECV_NOC_NB",
        }
        assert {c.indicator for c in indicators_compute(period_parse("2026-Q1"), modules=MODULES)} == {
            "DSP_RECV_NOC_NB"
        }
