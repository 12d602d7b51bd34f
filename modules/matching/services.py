"""Every change to referrals goes through these functions. A placement changes three records at once —
the referral, the job seeker (placed) and the vacancy (one more post filled) — in one transaction, so
the register of job seekers and the vacancies never disagree about who got which job."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from modules.casework.models import CaseEvent
from modules.casework.services import case_event_record, case_open, case_transition
from modules.job_seekers.models import JobSeeker
from modules.job_seekers.services import job_seeker_place, job_seeker_renew
from modules.matching.models import JobReferral
from modules.matching.selectors import match_of
from modules.vacancies.models import Vacancy
from modules.vacancies.services import vacancy_post_filled, vacancy_post_released


@transaction.atomic
def referral_make(
    *,
    job_seeker: JobSeeker,
    vacancy: Vacancy,
    by,
    notes: str = "",
    referred_on: datetime.date | None = None,
) -> JobReferral:
    """Refer an active job seeker to an open vacancy, once; the score and why are kept as they are now.
    The referral is the referring officer's to follow up; both timelines say so. `referred_on` is for
    a referral made earlier (on paper) and recorded now: today otherwise."""
    errors = {}
    if job_seeker.status != "active":
        errors["job_seeker"] = _(
            "%(reference)s is not active (%(status)s): renew the registration before referring them."
        ) % {"reference": job_seeker.reference, "status": job_seeker.status_label.lower()}
    if vacancy.status != "open":
        errors["vacancy"] = _("Vacancy %(reference)s is %(status)s: only open vacancies take referrals.") % {
            "reference": vacancy.reference,
            "status": vacancy.status_label.lower(),
        }
    earlier = JobReferral.objects.filter(job_seeker=job_seeker, referred_to=vacancy).first()
    if earlier is not None:
        errors["job_seeker"] = _("%(job_seeker)s was referred to this vacancy already: %(referral)s.") % {
            "job_seeker": job_seeker.reference,
            "referral": earlier.reference,
        }
    if errors:
        raise ValidationError(errors)
    match = match_of(job_seeker, vacancy)
    referral = case_open(
        case=JobReferral(),
        values={
            "job_seeker": job_seeker,
            "referred_to": vacancy,
            "score": match.score,
            "explanation": match.explanation[:500],
            "notes": notes,
            "opened_on": referred_on,
            # The officer who refers follows the referral up.
            "assigned_to": by,
        },
        by=by,
    )
    text = _("Referred to vacancy %(vacancy)s (%(referral)s).") % {
        "vacancy": vacancy.reference,
        "referral": referral.reference,
    }
    case_event_record(case=job_seeker, kind=CaseEvent.Kind.NOTE, text=text, by=by)
    text = _("%(job_seeker)s referred (%(referral)s).") % {
        "job_seeker": job_seeker.reference,
        "referral": referral.reference,
    }
    case_event_record(case=vacancy, kind=CaseEvent.Kind.NOTE, text=text, by=by)
    return referral


@transaction.atomic
def referral_place(
    *, referral: JobReferral, placed_on: datetime.date, by, version: int | None = None
) -> JobReferral:
    """The job seeker got the job, starting on `placed_on`: the referral closes as placed, the job seeker
    is placed and one post of the vacancy is filled (the last one fills it). All or nothing: a vacancy
    whose posts are all filled, or a job seeker no longer active, refuses the whole placement."""
    job_seeker = JobSeeker.objects.select_for_update().get(pk=referral.job_seeker_id)
    if job_seeker.status != "active":
        raise ValidationError(
            _("%(reference)s is %(status)s now: renew the registration before recording the placement.")
            % {"reference": job_seeker.reference, "status": job_seeker.status_label.lower()}
        )
    case_transition(
        case=referral,
        action="place",
        values={"placed_on": placed_on},
        version=version,
        automatic=True,
        by=by,
    )
    vacancy_post_filled(vacancy=referral.referred_to, by=by)
    job_seeker_place(job_seeker=job_seeker, placed_on=placed_on, by=by)
    referral.job_seeker = job_seeker
    return referral


@transaction.atomic
def referral_placement_cancel(
    *, referral: JobReferral, reason: str, by, version: int | None = None
) -> JobReferral:
    """Undo a placement recorded by mistake: the referral is open again, the vacancy's post released and
    the job seeker's registration renewed (active again). The reason goes on every timeline."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the placement is cancelled.")})
    case_transition(
        case=referral, action="cancel_placement", note=reason.strip(), version=version, automatic=True, by=by
    )
    vacancy_post_released(vacancy=referral.referred_to, by=by)
    job_seeker = JobSeeker.objects.select_for_update().get(pk=referral.job_seeker_id)
    if job_seeker.status == "placed":
        note = _("Placement %(referral)s cancelled: %(reason)s") % {
            "referral": referral.reference,
            "reason": reason.strip(),
        }
        job_seeker_renew(job_seeker=job_seeker, note=note, by=by)
    referral.job_seeker = job_seeker
    return referral
