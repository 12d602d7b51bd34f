"""The employment service's indicators computed from its records: job seekers on the register at the
period's end, posts of the vacancies registered, placements, workers affected by redundancies. Each value
equals an independent count over the records, the total and every group."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import QuerySet, Sum
from django_tenants.utils import tenant_context

from modules.casework.services import case_transition
from modules.employers.services import employer_save
from modules.indicators.computing import indicators_compute
from modules.indicators.models import Observation
from modules.indicators.tasks import last_complete_periods
from modules.job_seekers.models import JobSeeker, years_before
from modules.matching.models import JobReferral
from modules.matching.services import referral_make, referral_place
from modules.redundancies.models import AffectedGroup
from modules.redundancies.services import affected_group_save, redundancy_notify
from modules.reference.selectors import code_lookup
from modules.reports.periods import period_parse
from modules.vacancies.models import Vacancy
from modules.vacancies.services import vacancy_register
from tests.modules.job_seekers.helpers import register
from tests.support import user_in

# The last complete quarter: every date of the records is in the past, as the services require.
PERIOD = period_parse(last_complete_periods(datetime.date.today())[1])
START, END = PERIOD.bounds
MODULES = ["job_seekers", "vacancies", "matching", "redundancies"]
SEXES = ("F", "M")
AGES = {"Y15-24": (15, 24), "Y25-34": (25, 34), "Y35-44": (35, 44), "Y45-54": (45, 54), "Y55-64": (55, 64)}


def _values(code: str) -> dict[str, Decimal]:
    return {o.key: o.value for o in Observation.objects.filter(indicator__code=code, period=PERIOD.text)}


def _day(days: int) -> datetime.date:
    return START + datetime.timedelta(days=days)


def _aged(years: int) -> datetime.date:
    """Born `years` and a half before the period's end."""
    return years_before(END, years) - datetime.timedelta(days=180)


@pytest.fixture
def records(kn):
    """Job seekers registered before, during and after the quarter, some placed, one withdrawn since;
    vacancies of three employers (one without an activity, one vacancy cancelled since); redundancies
    with groups of women and men, one withdrawn since, one notified before the quarter."""
    officer, supervisor = user_in(kn, "officer"), user_in(kn, "supervisor")
    with tenant_context(kn):
        hotel, bakery, unclassified = (
            employer_save(values={"name": name, **isic}, version=None, by=None)
            for name, isic in (
                ("Frigate Bay Resort", {"isic": code_lookup("isic4", "5510")}),
                ("Sandy Point Bakery", {"isic": code_lookup("isic4", "1071")}),
                ("Basseterre Odd Jobs", {}),
            )
        )
        vacancies = {}
        for key, employer, occupation, posts, opened in (
            ("cook", hotel, "5120", 2, _day(1)),
            ("baker", bakery, "7512", 1, _day(2)),
            ("nurse", hotel, "2221", 4, START - datetime.timedelta(days=40)),  # before the quarter
            ("cleaner", unclassified, "9112", 3, _day(30)),
            ("porter", hotel, "9621", 5, END + datetime.timedelta(days=1)),  # after it
        ):
            vacancies[key] = vacancy_register(
                values={
                    "employer": employer,
                    "title": key.title(),
                    "occupation": code_lookup("isco08", occupation),
                    "posts": posts,
                    "contract": "permanent",
                    "hours": "full_time",
                    "opened_on": opened,
                    "closes_on": END + datetime.timedelta(days=60),
                },
                by=officer,
            )
        case_transition(case=vacancies["cleaner"], action="cancel", by=supervisor)

        def seeker(family_name, sex, years, occupation, opened):
            return register(
                kn,
                family_name=family_name,
                sex=sex,
                birth_date=_aged(years),
                occupations=(occupation,),
                opened_on=opened,
            )

        seeker("Liburd", "F", 29, "5120", _day(5))  # on the register at the end
        seeker("Hendrickson", "M", 52, "2221", START - datetime.timedelta(days=100))  # since before
        withdrawn = seeker("Powell", "F", 22, "7112", _day(10))  # withdrawn after the end: still on it
        case_transition(case=withdrawn, action="withdraw", by=officer)
        seeker("Warner", "F", 40, "5120", END + datetime.timedelta(days=1))  # registered after the end
        for family_name, sex, years, occupation, opened, vacancy, placed in (
            ("Browne", "M", 35, "5120", _day(3), "cook", _day(20)),  # placed in the quarter
            ("Isaac", "M", 19, "7512", START - datetime.timedelta(days=30), "baker", END),  # on its last day
            ("Herbert", "F", 31, "2221", _day(4), "nurse", END + datetime.timedelta(days=1)),  # after it
        ):
            job_seeker = seeker(family_name, sex, years, occupation, opened)
            referral = referral_make(
                job_seeker=job_seeker,
                vacancy=vacancies[vacancy],
                referred_on=max(opened, vacancies[vacancy].opened_on),
                by=officer,
            )
            referral_place(referral=referral, placed_on=placed, by=officer)

        for notified, employer, groups, withdraw in (
            (_day(7), hotel, (("5120", 3, 1), ("9412", 0, 2)), False),
            (_day(8), bakery, (("7512", 1, 4),), False),
            (_day(9), unclassified, (("9112", 2, 0),), True),  # withdrawn since: notified all the same
            (START - datetime.timedelta(days=5), hotel, (("5120", 7, 7),), False),  # before the quarter
        ):
            redundancy = redundancy_notify(
                values={
                    "employer": employer,
                    "notified_on": notified,
                    "opened_on": notified,
                    "effective_on": END + datetime.timedelta(days=30),
                    "reason": code_lookup("redundancy_reason", "DOWNTURN"),
                },
                by=officer,
            )
            for occupation, women, men in groups:
                affected_group_save(
                    redundancy=redundancy,
                    values={"occupation": code_lookup("isco08", occupation), "women": women, "men": men},
                    version=None,
                    by=officer,
                )
            if withdraw:
                redundancy.refresh_from_db()
                case_transition(case=redundancy, action="withdraw", by=supervisor)
    return kn


def _registered_at_end() -> QuerySet[JobSeeker]:
    """Registrations made by the end and not ended by then (placed: the job's start; else its closing)."""
    return (
        JobSeeker.objects.filter(merged_into__isnull=True, opened_on__lte=END)
        .exclude(placed_on__lte=END)
        .exclude(placed_on__isnull=True, closed_on__lte=END)
    )


def _aged_on_end(records: QuerySet, band: str) -> QuerySet:
    youngest, oldest = AGES[band]
    return records.filter(
        birth_date__lte=years_before(END, youngest), birth_date__gt=years_before(END, oldest + 1)
    )


def test_job_seekers_are_the_registrations_standing_at_the_periods_end(records):
    with tenant_context(records):
        indicators_compute(PERIOD, modules=MODULES)
        values = _values("LMS_JSKR_SEX_OCU_NB")
        standing = _registered_at_end()
        assert values[""] == standing.count()
        # The withdrawn since the end is counted; those placed by the end and registered after it are not.
        assert (
            standing.filter(family_name="Powell").exists() and standing.filter(family_name="Herbert").exists()
        )
        assert not standing.filter(family_name__in=("Browne", "Isaac", "Warner")).exists()
        for sex in SEXES:
            assert values[f"SEX=SEX_{sex}"] == standing.filter(sex=sex).count()
            for group in ("2", "5", "7"):
                expected = standing.filter(sex=sex, first_occupation__path__startswith=group).count()
                assert values.get(f"OCU=OCU_ISCO08_{group}|SEX=SEX_{sex}", 0) == expected
            for band in AGES:
                expected = _aged_on_end(standing.filter(sex=sex), band).count()
                assert values.get(f"AGE=AGE_10YRBANDS_{band}|SEX=SEX_{sex}", 0) == expected
        for group in ("2", "5", "7"):
            in_group = standing.filter(first_occupation__path__startswith=group)
            assert values.get(f"OCU=OCU_ISCO08_{group}", 0) == in_group.count()
            for band in AGES:
                key = f"AGE=AGE_10YRBANDS_{band}|OCU=OCU_ISCO08_{group}"
                assert values.get(key, 0) == _aged_on_end(in_group, band).count()


def test_vacancies_are_the_posts_registered_in_the_period_by_occupation_and_activity(records):
    with tenant_context(records):
        indicators_compute(PERIOD, modules=MODULES)
        values = _values("LMS_VACR_OCU_NB")
        registered = Vacancy.objects.filter(opened_on__range=PERIOD.bounds)

        def posts(**lookups) -> int:
            return registered.filter(**lookups).aggregate(n=Sum("posts"))["n"] or 0

        assert values[""] == posts()
        assert registered.filter(status="cancelled").exists()  # counted: it was notified
        for section in ("C", "I"):
            assert values.get(f"ECO=ECO_ISIC4_{section}", 0) == posts(
                employer__isic__path__startswith=section
            )
            for group in ("2", "5", "7", "9"):
                expected = posts(employer__isic__path__startswith=section, occupation__path__startswith=group)
                assert values.get(f"ECO=ECO_ISIC4_{section}|OCU=OCU_ISCO08_{group}", 0) == expected
        assert values["ECO=ECO_ISIC4_X"] == posts(employer__isic__isnull=True)
        for group in ("2", "5", "7", "9"):
            assert values.get(f"OCU=OCU_ISCO08_{group}", 0) == posts(occupation__path__startswith=group)


def test_placements_are_counted_in_the_period_the_job_started(records):
    with tenant_context(records):
        indicators_compute(PERIOD, modules=MODULES)
        values = _values("LMS_PLAC_SEX_OCU_NB")
        placed = JobReferral.objects.filter(status="placed", placed_on__range=PERIOD.bounds)
        assert values[""] == placed.count()
        assert not placed.filter(job_seeker__family_name="Herbert").exists()  # started after the quarter
        for sex in SEXES:
            assert values.get(f"SEX=SEX_{sex}", 0) == placed.filter(job_seeker__sex=sex).count()
            for group in ("2", "5", "7"):
                expected = placed.filter(
                    job_seeker__sex=sex, referred_to__occupation__path__startswith=group
                ).count()
                assert values.get(f"OCU=OCU_ISCO08_{group}|SEX=SEX_{sex}", 0) == expected
        for group in ("2", "5", "7"):
            expected = placed.filter(referred_to__occupation__path__startswith=group).count()
            assert values.get(f"OCU=OCU_ISCO08_{group}", 0) == expected


def test_workers_affected_by_redundancies_are_the_women_and_the_men_of_the_groups(records):
    with tenant_context(records):
        indicators_compute(PERIOD, modules=MODULES)
        values = _values("LMS_REDW_SEX_ECO_NB")
        groups = AffectedGroup.objects.filter(redundancy__notified_on__range=PERIOD.bounds)

        def workers(column: str, **lookups) -> int:
            return groups.filter(**lookups).aggregate(n=Sum(column))["n"] or 0

        assert values[""] == workers("women") + workers("men")
        assert groups.filter(redundancy__status="withdrawn").exists()  # counted: it was notified
        for sex, column in (("F", "women"), ("M", "men")):
            assert values[f"SEX=SEX_{sex}"] == workers(column)
            for section in ("C", "I"):
                expected = workers(column, redundancy__employer__isic__path__startswith=section)
                assert values.get(f"ECO=ECO_ISIC4_{section}|SEX=SEX_{sex}", 0) == expected
            assert values[f"ECO=ECO_ISIC4_X|SEX=SEX_{sex}"] == workers(
                column, redundancy__employer__isic__isnull=True
            )
        for section in ("C", "I"):
            lookups = {"redundancy__employer__isic__path__startswith": section}
            assert values[f"ECO=ECO_ISIC4_{section}"] == workers("women", **lookups) + workers(
                "men", **lookups
            )
