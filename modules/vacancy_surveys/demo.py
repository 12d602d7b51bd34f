"""Demo vacancy surveys: in each demo country a closed round of about six months ago, answered by most of
the demo employers, and a round open now with a few responses in."""

import datetime
import random

from django.utils import timezone

from modules.casework.demo import demo_staff
from modules.employers.models import Employer
from modules.reference.selectors import code_lookup
from modules.vacancy_surveys.models import SurveyRound
from modules.vacancy_surveys.services import (
    response_save,
    round_close,
    round_open,
    round_sample_add,
    round_save,
)

DEMO_NOTE = "Demo survey round."
# The occupations (ISCO-08) an employer of each demo activity (ISIC class) recruits for.
OCCUPATIONS = {
    "5510": ("5120", "5131", "9112", "4224", "5151"),
    "1071": ("7512", "5223", "8160"),
    "4711": ("5223", "5230", "4321", "9333"),
    "4752": ("5223", "8322", "4321"),
    "4100": ("7112", "7115", "9313", "7411", "7126"),
    "0311": ("6222", "8350"),
    "0113": ("6111", "9211"),
    "4520": ("7231",),
    "8010": ("5414",),
    "4772": ("2262", "3213", "5223"),
    "5610": ("5120", "5131", "9412"),
    "6419": ("4211", "3312", "2411"),
    "8220": ("4222", "3341"),
    "8620": ("2221", "2211", "5321"),
    "5222": ("8350", "7233", "9333"),
    "1104": ("8183", "8160", "9321"),
    "7912": ("4221", "5113", "8322"),
}
RESPONDENTS = ("Human resources officer", "General manager", "Owner", "Accounts clerk", "Director")


def vacancy_surveys_demo(country) -> int:
    """Two rounds per demo country (kn, lc, sr), once; returns how many responses were recorded."""
    officer, supervisor = demo_staff()
    employers = list(
        Employer.objects.filter(active=True).select_related("isic").order_by("registration_number")
    )
    if not (officer and supervisor and employers) or SurveyRound.objects.filter(notes=DEMO_NOTE).exists():
        return 0
    rng = random.Random(f"vacancy-surveys-{country.code}")  # the same demo data every time
    dutch = country.code == "sr"
    today = timezone.localdate()
    earlier = (today - datetime.timedelta(days=180)).replace(day=1)
    closed = _round(earlier, earlier, earlier + datetime.timedelta(days=41), dutch, employers, supervisor)
    added = _responses(closed, employers, len(employers) - 2, officer, rng)
    round_close(round=closed, version=closed.version, by=supervisor)
    now = _round(
        today - datetime.timedelta(days=7),
        today - datetime.timedelta(days=5),
        today + datetime.timedelta(days=25),
        dutch,
        employers,
        supervisor,
    )
    return added + _responses(now, employers, 4, officer, rng)


def _round(reference, opens_on, closes_on, dutch: bool, employers, supervisor) -> SurveyRound:
    title = (
        f"Beperkte vacature-enquête {reference:%m-%Y}"
        if dutch
        else f"Limited vacancy survey {reference:%B %Y}"
    )
    survey_round = round_save(
        values={
            "title": title,
            "reference_date": reference,
            "opens_on": opens_on,
            "closes_on": closes_on,
            "notes": DEMO_NOTE,
        },
        version=None,
        by=supervisor,
    )
    round_sample_add(round=survey_round, employers=employers, by=supervisor)
    return round_open(round=survey_round, version=survey_round.version, by=supervisor)


def _responses(survey_round: SurveyRound, employers, count: int, officer, rng: random.Random) -> int:
    last_day = min(survey_round.closes_on, timezone.localdate())
    span = (last_day - survey_round.opens_on).days
    for employer in rng.sample(employers, min(count, len(employers))):
        occupations = OCCUPATIONS.get(employer.isic.code if employer.isic else "", ("9329",))
        # One employer in six had no post vacant: a response all the same.
        chosen = [] if rng.random() < 1 / 6 else rng.sample(occupations, rng.randint(1, len(occupations)))
        lines = []
        for occupation in chosen:
            vacancies = rng.randint(1, 6)
            lines.append(
                {
                    "occupation": code_lookup("isco08", occupation),
                    "vacancies": vacancies,
                    "hard_to_fill": rng.randint(0, vacancies),
                    "expected_next_12_months": rng.randint(0, 8),
                }
            )
        response_save(
            round=survey_round,
            values={
                "employer": employer,
                "responded_on": survey_round.opens_on + datetime.timedelta(days=rng.randint(0, span)),
                "respondent_name": rng.choice(RESPONDENTS),
                "lines": lines,
            },
            version=None,
            by=officer,
        )
    return min(count, len(employers))
