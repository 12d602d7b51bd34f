"""The rules behind the register: automatic lapse, the matching profile, merging, the reports against the
records, the demo data."""

import datetime
from collections import Counter

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django_tenants.utils import tenant_context

from modules.casework.services import case_transition
from modules.job_seekers.demo import job_seekers_demo
from modules.job_seekers.models import JobSeeker, RegistrationRules, age_on
from modules.job_seekers.reports import (
    ACTIVE_BY_OCCUPATION_AND_SEX,
    BY_AGE_AND_SEX,
    BY_DISTRICT_AND_SEX,
    BY_EDUCATION_AND_SEX,
    BY_OCCUPATION_AND_SEX,
    WORKFLOW,
)
from modules.job_seekers.selectors import job_seekers_active
from modules.job_seekers.services import (
    experience_months,
    experience_save,
    job_seeker_place,
    job_seeker_update,
    job_seekers_experience_refresh,
    job_seekers_lapse_due,
    job_seekers_merge,
    registration_rules_save,
)
from modules.reference.selectors import code_lookup
from modules.reports.dimensions import AGE_BANDS
from modules.reports.periods import period_parse
from tests.modules.job_seekers.helpers import TODAY, born, register
from tests.support import user_in

DAY = datetime.timedelta(days=1)


def _renewed(country, seeker: JobSeeker, on: datetime.date) -> None:
    """As if registered or last renewed on that day (the services set it to the day they run)."""
    with tenant_context(country):
        JobSeeker.objects.filter(pk=seeker.pk).update(renewed_on=on, opened_on=on)


# --- the automatic lapse -----------------------------------------------------------------------------


def test_registrations_lapse_the_day_after_their_period_as_the_system(kn):
    on_the_last_day = register(kn, first_name="A")
    a_day_late = register(kn, first_name="B")
    placed = register(kn, first_name="C")
    _renewed(kn, on_the_last_day, TODAY - datetime.timedelta(days=180))
    _renewed(kn, a_day_late, TODAY - datetime.timedelta(days=181))
    _renewed(kn, placed, TODAY - datetime.timedelta(days=400))
    with tenant_context(kn):
        placed.refresh_from_db()
        job_seeker_place(job_seeker=placed, placed_on=TODAY, by=user_in(kn, "officer"))
        assert job_seekers_lapse_due(today=TODAY) == 1
        assert job_seekers_lapse_due(today=TODAY) == 0  # done once
        statuses = dict(
            JobSeeker.objects.filter(first_name__in=["A", "B", "C"]).values_list("first_name", "status")
        )
        assert statuses == {"A": "active", "B": "lapsed", "C": "placed"}
        lapsed = JobSeeker.objects.get(pk=a_day_late.pk)
        assert lapsed.closed_on == TODAY and lapsed.lapses_on is None
        event = lapsed.events.last()
        assert (
            event.kind == "status" and event.actor == "system" and "Not renewed within 180 days" in event.text
        )
        assert lapsed.history.first().actor == "system"
        # The next day, the one renewed 180 days before today is due too.
        assert job_seekers_lapse_due(today=TODAY + DAY) == 1


def test_the_countrys_own_period_decides(kn):
    seeker = register(kn)
    _renewed(kn, seeker, TODAY - datetime.timedelta(days=61))
    with tenant_context(kn):
        assert job_seekers_lapse_due(today=TODAY) == 0
        registration_rules_save(values={"lapse_after_days": 60}, version=1, by=user_in(kn, "lmis_admin"))
        assert RegistrationRules.current().lapse_after_days == 60
        assert job_seekers_lapse_due(today=TODAY) == 1
        with pytest.raises(ValidationError) as refused:
            registration_rules_save(values={"lapse_after_days": 20}, version=2, by=user_in(kn, "lmis_admin"))
        assert "at least 30 days" in str(refused.value)
        assert RegistrationRules.current().lapse_after_days == 60
        with pytest.raises(IntegrityError), transaction.atomic():  # one set of rules per country
            RegistrationRules.objects.create(lapse_after_days=45)


def test_the_system_may_lapse_but_take_no_other_transition(kn):
    seeker = register(kn)
    with tenant_context(kn):
        for action in ("withdraw", "renew"):
            with pytest.raises(PermissionDenied):
                case_transition(case=seeker, action=action, by=None)
        with pytest.raises(PermissionDenied):
            job_seeker_place(job_seeker=seeker, placed_on=TODAY, by=None)
        seeker.refresh_from_db()
        assert seeker.status == "active" and seeker.version == 1
        case_transition(case=seeker, action="lapse", by=None)
        assert seeker.status == "lapsed"
        case_transition(case=seeker, action="renew", by=user_in(kn, "officer"))
        assert seeker.status == "active" and seeker.renewed_on == TODAY


# --- the matching profile ----------------------------------------------------------------------------


def test_the_matching_profile_follows_every_change(kn):
    officer = user_in(kn, "officer")
    seeker = register(kn, occupations=("5120", "5131"), skills=("FOOD_HYGIENE",), languages=("en",))
    assert seeker.match_occupations == ["5120", "5131"] and seeker.match_skills == ["FOOD_HYGIENE"]
    assert seeker.match_languages == ["en"] and seeker.experience_months == 0
    with tenant_context(kn):
        job = experience_save(
            job_seeker=seeker,
            values={
                "occupation": code_lookup("isco08", "9412"),
                "started_on": datetime.date(2019, 1, 1),
                "ended_on": datetime.date(2019, 12, 31),
            },
            version=None,
            by=officer,
        )
        seeker.refresh_from_db()
        assert seeker.match_occupations == ["5120", "5131", "9412"] and seeker.experience_months == 12
        experience_save(
            job_seeker=seeker,
            experience=job,
            values={"occupation": code_lookup("isco08", "7512"), "ended_on": datetime.date(2020, 12, 31)},
            version=1,
            by=officer,
        )
        seeker.refresh_from_db()
        assert seeker.match_occupations == ["5120", "5131", "7512"] and seeker.experience_months == 24
        job_seeker_update(
            job_seeker=seeker,
            values={
                "skills": [code_lookup("skill", code) for code in ("DRIVING", "CUSTOMER")],
                "languages": [code_lookup("language", "es"), code_lookup("language", "en")],
                "occupations": [code_lookup("isco08", "5131")],
            },
            version=seeker.version,
            by=officer,
        )
        stored = JobSeeker.objects.get(pk=seeker.pk)
        assert stored.match_skills == ["CUSTOMER", "DRIVING"] and stored.match_languages == ["en", "es"]
        assert stored.match_occupations == ["5131", "7512"] and stored.first_occupation.code == "5131"
        # The profile is written by the services only: it is no part of the record's version or history.
        assert stored.version == 2 and stored.history.count() == 2
        assert list(job_seekers_active().filter(match_occupations__overlap=["7512"])) == [stored]


def test_months_of_experience_count_a_job_still_held_to_today_and_overlaps_once():
    today = datetime.date(2026, 6, 30)
    assert experience_months([], today=today) == 0
    assert experience_months([(datetime.date(2025, 7, 1), None)], today=today) == 12
    overlapping = [
        (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
        (datetime.date(2024, 7, 1), datetime.date(2025, 6, 30)),
    ]
    assert experience_months(overlapping, today=today) == 18
    apart = [(datetime.date(2020, 1, 1), datetime.date(2020, 6, 30)), (datetime.date(2022, 1, 1), None)]
    assert experience_months(apart, today=datetime.date(2022, 6, 30)) == 12


def test_jobs_still_held_are_counted_up_to_the_day_by_the_daily_refresh(kn):
    seeker = register(kn)
    with tenant_context(kn):
        experience_save(
            job_seeker=seeker,
            values={
                "occupation": code_lookup("isco08", "5120"),
                "started_on": TODAY - datetime.timedelta(days=300),
            },
            version=None,
            by=user_in(kn, "officer"),
        )
        seeker.refresh_from_db()
        assert seeker.experience_months == 10
        assert job_seekers_experience_refresh(today=TODAY + datetime.timedelta(days=100)) == 1
        seeker.refresh_from_db()
        assert seeker.experience_months == 13 and seeker.version == 1
        assert job_seekers_experience_refresh(today=TODAY + datetime.timedelta(days=100)) == 0


def test_merging_moves_the_parts_in_one_transaction_or_not_at_all(kn):
    supervisor = user_in(kn, "supervisor")
    kept = register(kn, first_name="Dwayne", family_name="Henry", birth_date=born(30))
    duplicate = register(
        kn, first_name="Dwayne", family_name="Henry", birth_date=born(30), different_person=True
    )
    with tenant_context(kn):
        experience_save(
            job_seeker=duplicate,
            values={"occupation": code_lookup("isco08", "7115"), "started_on": datetime.date(2015, 1, 1)},
            version=None,
            by=user_in(kn, "officer"),
        )
        with pytest.raises(ValidationError):  # a stale version of the one kept: nothing moves
            job_seekers_merge(kept=kept, duplicate=duplicate, version=7, by=supervisor)
        duplicate.refresh_from_db()
        assert duplicate.status == "active" and duplicate.experience.count() == 1
        with pytest.raises(PermissionDenied):
            job_seekers_merge(kept=kept, duplicate=duplicate, version=1, by=user_in(kn, "officer"))
        job_seekers_merge(kept=kept, duplicate=duplicate, version=1, by=supervisor)
        kept.refresh_from_db()
        assert kept.experience.count() == 1 and "7115" in kept.match_occupations
        assert kept.experience.get().history.first().actor == "kn:supervisor"


# --- reports and demo --------------------------------------------------------------------------------


def test_report_counts_equal_the_records(kn):
    last_year = datetime.date(TODAY.year - 1, 3, 15)
    people = (
        ("F", born(20), "5120", "KN-03", "3"),
        ("F", born(41), "5131", "KN-10", "3"),
        ("M", born(19), "7112", "KN-03", "2"),
        ("M", born(58), "9313", None, None),
        ("F", born(30), "2221", "KN-03", "6"),
    )
    with tenant_context(kn):
        for index, (sex, birth, occupation, district, level) in enumerate(people):
            register(
                kn,
                first_name=f"P{index}",
                sex=sex,
                birth_date=birth,
                occupations=(occupation,),
                district=district and code_lookup("district", district),
                education_level=level and code_lookup("education_level", level),
                opened_on=last_year if index == 4 else TODAY,
            )
        placed = JobSeeker.objects.get(first_name="P1")
        job_seeker_place(job_seeker=placed, placed_on=TODAY, by=user_in(kn, "officer"))
        period = period_parse(str(TODAY.year))
        registered = JobSeeker.objects.filter(opened_on__year=TODAY.year, merged_into__isnull=True)
        by_occupation = Counter((seeker.first_occupation.code[0], seeker.sex) for seeker in registered)
        by_age = Counter(
            (_band(age_on(seeker.birth_date, seeker.opened_on)), seeker.sex) for seeker in registered
        )
        by_district = Counter(registered.values_list("district__title", "sex"))
        by_education = Counter(registered.values_list("education_level__title", "sex"))
        active = Counter(
            (seeker.first_occupation.code[0], seeker.sex)
            for seeker in JobSeeker.objects.filter(status="active")
        )
        open_count = JobSeeker.objects.filter(closed_on__isnull=True).count()
        grids = {
            "occupation": BY_OCCUPATION_AND_SEX.grid(period),
            "age": BY_AGE_AND_SEX.grid(period),
            "district": BY_DISTRICT_AND_SEX.grid(period),
            "education": BY_EDUCATION_AND_SEX.grid(period),
            "active": ACTIVE_BY_OCCUPATION_AND_SEX.grid(period),
            "workflow": WORKFLOW.grid(period),
        }
    assert _cells(grids["occupation"], lambda label: label.split(" ")[0]) == _nonzero(by_occupation)
    bands = {str(label): code for code, label, _first, _last in AGE_BANDS}
    assert _cells(grids["age"], lambda label: bands[label]) == _nonzero(by_age)
    assert _cells(grids["district"], lambda label: None if label == "not recorded" else label) == _nonzero(
        by_district
    )
    assert _cells(grids["education"], lambda label: None if label == "not recorded" else label) == _nonzero(
        by_education
    )
    assert _cells(grids["active"], lambda label: label.split(" ")[0]) == _nonzero(active)
    assert grids["occupation"].total == registered.count() == 4
    assert grids["workflow"].total == open_count


def _band(age: int) -> str:
    return next(
        code
        for code, _label, first, last in AGE_BANDS
        if (first is None or age >= first) and (last is None or age <= last)
    )


def _cells(grid, key) -> dict:
    """The grid's non-zero counts by (row key, column value)."""
    sexes = [value for value, _label in grid.columns]
    return {
        (key(label), sex): count
        for label, counts, _total in grid.rows
        for sex, count in zip(sexes, counts, strict=True)
        if count
    }


def _nonzero(counter: Counter) -> dict:
    return {key: count for key, count in counter.items() if count}


def test_the_demo_loads_once_with_every_stage(kn):
    with tenant_context(kn):
        assert job_seekers_demo(kn) == 60
        assert job_seekers_demo(kn) == 0
        statuses = Counter(JobSeeker.objects.values_list("status", flat=True))
        assert set(statuses) == {"active", "placed", "lapsed", "withdrawn", "merged"}
        assert statuses["merged"] == 1 and statuses["active"] > statuses["placed"]
        merged = JobSeeker.objects.get(status="merged")
        assert merged.merged_into.family_name == merged.family_name
        major = Counter(
            seeker.first_occupation.code[0] for seeker in JobSeeker.objects.exclude(status="merged")
        )
        assert major["9"] + major["5"] + major["7"] > 40
        ages = [age_on(birth, TODAY) for birth in JobSeeker.objects.values_list("birth_date", flat=True)]
        assert min(ages) >= 16 and max(ages) <= 64
        with_parts = JobSeeker.objects.annotate(jobs=Count("experience"), schools=Count("education"))
        assert with_parts.filter(jobs__gt=0).count() > 20 and with_parts.filter(schools__gt=0).count() > 40
        assert JobSeeker.objects.exclude(match_skills=[]).count() >= 59
