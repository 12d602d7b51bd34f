"""Ranked candidates for a vacancy, ranked vacancies for a job seeker (see scores), and the referrals."""

import datetime

from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Left
from django.utils import timezone

from modules.job_seekers.models import JobSeeker
from modules.job_seekers.selectors import job_seekers_active
from modules.matching.models import JobReferral
from modules.matching.scores import Match, job_seekers_scored, match_from, vacancies_scored
from modules.reference.models import Code
from modules.reference.selectors import code_text
from modules.vacancies.models import Vacancy
from modules.vacancies.selectors import vacancies_open

# How many a ranked list shows: more than any officer reads, few enough to stay fast at 100,000.
RANKED = 50


def referrals_listed() -> QuerySet[JobReferral]:
    return JobReferral.objects.select_related(
        "job_seeker", "referred_to", "referred_to__employer", "assigned_to"
    )


def candidates_for_vacancy(
    vacancy: Vacancy, *, limit: int = RANKED, today: datetime.date | None = None
) -> list[Match]:
    """Active job seekers for the vacancy, best first, each with why: those not referred to it yet
    whose occupations sought or worked in share at least the vacancy's ISCO major group.

    Ties go to whoever registered first (the longest waiting), then the registration number.
    """
    today = today or timezone.localdate()
    code = vacancy.occupation.code
    # Job seekers of the same major group, found through the GIN index on their occupations.
    same_major = list(_unit_groups().filter(code__startswith=code[0]).values_list("code", flat=True))
    job_seekers = (
        job_seekers_active()
        .filter(match_occupations__overlap=same_major)
        .exclude(Exists(JobReferral.objects.filter(job_seeker=OuterRef("pk"), referred_to=vacancy)))
        .select_related("district")
        .defer(*code_text("district"))
    )
    ranked = job_seekers_scored(job_seekers, vacancy, today=today).order_by("-score", "opened_on", "pk")
    return [match_from(row, job_seeker=row, vacancy=vacancy) for row in ranked[:limit]]


def vacancies_for_job_seeker(
    job_seeker: JobSeeker, *, limit: int = RANKED, today: datetime.date | None = None
) -> list[Match]:
    """Open vacancies for the job seeker, best first, each with why: those not referred to yet whose
    occupation shares at least an ISCO major group with what the job seeker seeks or did.

    Ties go to the vacancy closing first, then the reference.
    """
    today = today or timezone.localdate()
    majors = sorted({code[0] for code in job_seeker.match_occupations})
    # Listed first, as for candidates: as a subquery the planner could not tell how few vacancies it
    # keeps, and joined every open vacancy to its employer and codes before filtering.
    occupations = list(
        _unit_groups().annotate(major=Left("code", 1)).filter(major__in=majors).values_list("pk", flat=True)
    )
    vacancies = (
        vacancies_open()
        # What a ranked vacancy shows and its score reads, its employer and occupation: every other join
        # of the register's list costs planning time on each ranking, for columns nobody reads here.
        .select_related(None)
        .select_related("employer", "occupation")
        .filter(occupation__in=occupations)
        .exclude(Exists(JobReferral.objects.filter(job_seeker=job_seeker, referred_to=OuterRef("pk"))))
    )
    ranked = vacancies_scored(vacancies, job_seeker, today=today).order_by("-score", "closes_on", "pk")
    return [match_from(row, job_seeker=job_seeker, vacancy=row) for row in ranked[:limit]]


def match_of(job_seeker: JobSeeker, vacancy: Vacancy, *, today: datetime.date | None = None) -> Match:
    """The score of one job seeker for one vacancy, with why, whatever their occupations (a referral
    an officer makes from outside the ranked list is scored the same way)."""
    today = today or timezone.localdate()
    row = job_seekers_scored(JobSeeker.objects.filter(pk=job_seeker.pk), vacancy, today=today).get()
    return match_from(row, job_seeker=job_seeker, vacancy=vacancy)


def _unit_groups() -> QuerySet[Code]:
    return Code.objects.filter(classification__key="isco08", level=4)
