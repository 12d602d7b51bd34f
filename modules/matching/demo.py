"""Demo referrals: the best candidates of some open vacancies referred, at every stage, a few placed."""

import datetime

from django.utils import timezone

from modules.casework.demo import demo_staff
from modules.casework.services import case_transition
from modules.matching.models import JobReferral, NotHired
from modules.matching.selectors import candidates_for_vacancy
from modules.matching.services import referral_make, referral_place
from modules.vacancies.selectors import vacancies_open

# What becomes of the first, second and third candidate referred to a demo vacancy.
STAGES = ("placed", "interview", "not_hired")


def matching_demo(country) -> int:
    """Up to three referrals to each of eight open vacancies with candidates, once (nothing if the
    country has referrals)."""
    if JobReferral.objects.exists():
        return 0
    officer, _supervisor = demo_staff()
    if officer is None:
        return 0
    today = timezone.localdate()
    made = 0
    followed = 0
    for vacancy in vacancies_open().filter(posts_filled=0).order_by("opened_on", "pk"):
        if followed == 8:
            break
        referrals = [
            referral_make(
                job_seeker=match.job_seeker,
                vacancy=vacancy,
                referred_on=max(
                    today - datetime.timedelta(days=10), vacancy.opened_on, match.job_seeker.opened_on
                ),
                by=officer,
            )
            for match in candidates_for_vacancy(vacancy, limit=len(STAGES))
        ]
        made += len(referrals)
        followed += bool(referrals)
        # Referred first, then followed up: a placement may fill the vacancy's only post.
        for stage, referral in zip(STAGES, referrals, strict=False):
            if stage == "placed":
                placed_on = max(referral.opened_on, today - datetime.timedelta(days=2))
                referral_place(referral=referral, placed_on=placed_on, by=officer)
            elif stage == "interview":
                case_transition(
                    case=referral,
                    action="arrange_interview",
                    values={
                        "interview_on": today + datetime.timedelta(days=3),
                        "interview_place": vacancy.place_of_work,
                    },
                    by=officer,
                )
            else:
                case_transition(
                    case=referral,
                    action="record_not_hired",
                    values={"not_hired": NotHired.NOT_SELECTED},
                    by=officer,
                )
    return made
