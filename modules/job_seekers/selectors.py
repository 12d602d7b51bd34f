"""Reads of the job seekers register that have logic. `job_seekers_active()` is what the matching module
ranks: active registrations with their matching profile (see JobSeeker.PROFILE)."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from modules.job_seekers.models import NIS_KEY, JobSeeker, RegistrationRules, nis_key
from modules.reference.selectors import code_text


def job_seekers_listed() -> QuerySet[JobSeeker]:
    return JobSeeker.objects.select_related(
        "assigned_to", "first_occupation", "district", "education_level", "nationality"
    ).defer(*code_text("first_occupation", "district", "education_level", "nationality"))


def job_seeker_shown(pk: int) -> QuerySet[JobSeeker]:
    """One job seeker with all they hold, for their page."""
    return (
        job_seekers_listed()
        .select_related("country_of_birth", "merged_into")
        .prefetch_related(
            "skills",
            "languages",
            "occupations",
            "preferred_districts",
            "education__level",
            "experience__occupation",
        )
        .filter(pk=pk)
    )


def job_seekers_active() -> QuerySet[JobSeeker]:
    """Job seekers whose registration is active: those who may be matched with a vacancy and placed.

    Each carries its matching profile, written by this module's services whenever the job seeker or
    what they hold changes: `match_occupations` (ISCO-08 unit groups sought, then those of their
    experience), `match_skills`, `match_languages` (code strings) and `experience_months`. The array
    fields have GIN indexes, so `match_occupations__overlap=[...]` ranks 100,000 in one query.
    """
    return JobSeeker.objects.filter(status="active")


def registration_rules() -> RegistrationRules:
    """The country's registration rules (the defaults until its administrator saves them)."""
    return RegistrationRules.current()


def job_seekers_due_to_lapse(*, today: datetime.date) -> QuerySet[JobSeeker]:
    """Active registrations not renewed within the country's period: renewed_on + days < today."""
    days = registration_rules().lapse_after_days
    return job_seekers_active().filter(renewed_on__lt=today - datetime.timedelta(days=days))


def job_seekers_lapsing(*, today: datetime.date, within: int = 30) -> Q:
    """Active registrations that lapse within `within` days unless renewed (or are due already): their
    lapse date, renewed_on + days + 1, is at most today + within."""
    days = registration_rules().lapse_after_days
    return Q(status="active", renewed_on__lte=today + datetime.timedelta(days=within - days - 1))


@dataclass(frozen=True)
class Duplicate:
    """A registration that may be the same person as the one being registered."""

    job_seeker: JobSeeker
    # True when the national insurance number is the same; otherwise the name and date of birth are.
    same_nis: bool


def job_seeker_duplicates(
    *,
    first_name: str,
    family_name: str,
    birth_date: datetime.date | None,
    nis_number: str = "",
    exclude: JobSeeker | None = None,
) -> list[Duplicate]:
    """Registrations (not merged) with the same national insurance number, compared without spaces,
    dashes or case, or with the same first name, family name (trimmed, any case) and date of birth.
    Those with the same number first."""
    candidates = JobSeeker.objects.filter(merged_into__isnull=True)
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    key = nis_key(nis_number or "")
    wanted = Q(nis_key=key) & ~Q(nis_number="") if key else Q(pk__in=[])
    if first_name.strip() and family_name.strip() and birth_date is not None:
        wanted |= Q(
            first_name__iexact=first_name.strip(),
            family_name__iexact=family_name.strip(),
            birth_date=birth_date,
        )
    found = candidates.alias(nis_key=NIS_KEY).filter(wanted).order_by("opened_on", "pk")
    duplicates = [
        Duplicate(job_seeker, bool(key) and nis_key(job_seeker.nis_number) == key) for job_seeker in found
    ]
    return sorted(duplicates, key=lambda duplicate: not duplicate.same_nis)


def job_seeker_possible_duplicates(job_seeker: JobSeeker) -> list[Duplicate]:
    """Other registrations that may be the same person: what a supervisor may merge into this one."""
    if job_seeker.status == "merged":
        return []
    return job_seeker_duplicates(
        first_name=job_seeker.first_name,
        family_name=job_seeker.family_name,
        birth_date=job_seeker.birth_date,
        nis_number=job_seeker.nis_number,
        exclude=job_seeker,
    )
