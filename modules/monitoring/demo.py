"""Demo department activities: two years of them, month by month, in each demo country.

Recorded by the demo officer; confirmed by the demo supervisor, except this month's (still awaiting
confirmation) and one reopened for a correction, so every state and its history can be seen.
"""

import datetime
import random

from django.utils import timezone

from modules.casework.demo import demo_staff
from modules.monitoring.models import Activity, ActivityStatus, Part
from modules.monitoring.services import activity_confirm, activity_reopen, activity_save
from modules.reference.selectors import code_lookup

MONTHS = 24
DEMO_NOTE = "Demo activity."
# Towns and the district each lies in.
TOWNS = {
    "kn": (
        ("Basseterre", "KN-03"),
        ("Charlestown", "KN-10"),
        ("Sandy Point", "KN-02"),
        ("Cayon", "KN-08"),
        ("Frigate Bay", "KN-11"),
        ("Gingerland", "KN-04"),
    ),
    "lc": (
        ("Castries", "LC-02"),
        ("Vieux Fort", "LC-11"),
        ("Gros Islet", "LC-06"),
        ("Soufrière", "LC-10"),
        ("Micoud", "LC-08"),
        ("Dennery", "LC-05"),
    ),
    "sr": (
        ("Paramaribo", "SR-PM"),
        ("Nieuw Nickerie", "SR-NI"),
        ("Lelydorp", "SR-WA"),
        ("Moengo", "SR-MA"),
        ("Onverwacht", "SR-PR"),
        ("Groningen", "SR-SA"),
    ),
}
# (type, part, English subject, Dutch subject, partner, sessions, participants range, one date?)
# fmt: off
KINDS = (
    ("VISIT", Part.ORGANISED,
     "Outreach visits to employers in {town}", "Voorlichtingsbezoeken werkgevers {town}",
     "", (2, 6), (4, 20), True),
    ("MEETING", Part.ORGANISED,
     "Tripartite consultation on the labour code", "Tripartiet overleg arbeidswetgeving",
     "Employers' federation and unions", (1, 2), (8, 25), True),
    ("TRAINING", Part.ORGANISED,
     "Training for employers on occupational safety", "Training veiligheid op het werk voor werkgevers",
     "Chamber of Commerce", (1, 3), (12, 40), True),
    ("TRAINING", Part.ATTENDED,
     "Regional LMIS training", "Regionale LMIS-training",
     "ILO", (2, 5), (0, 0), True),
    ("OUTREACH", Part.ORGANISED,
     "Know your rights session for young workers in {town}", "Voorlichting rechten jonge werknemers {town}",
     "Secondary school", (1, 2), (20, 80), True),
    ("MEDIA", Part.ORGANISED,
     "Radio call-in programme on workers' rights", "Radioprogramma rechten van werknemers",
     "National radio", (2, 4), (0, 0), False),
    ("OTHER", Part.ORGANISED,
     "Open day at the Department of Labour", "Open dag van het Ministerie van Arbeid",
     "", (1, 1), (50, 150), True),
)
# fmt: on


def activities_demo(country) -> int:
    """Two years of monthly activities in a demo country (kn, lc, sr), once; returns how many were added."""
    towns = TOWNS.get(country.code)
    officer, supervisor = demo_staff()
    if not towns or not (officer and supervisor) or Activity.objects.filter(description=DEMO_NOTE).exists():
        return 0
    rng = random.Random(f"activities-{country.code}")  # the same demo data every time
    dutch = country.code == "sr"
    today = timezone.localdate()
    this_month = today.replace(day=1)
    added = 0
    for month in _months_back(this_month, MONTHS):
        for kind in rng.sample(KINDS, rng.randint(2, 4)):
            activity = _record(kind, month, today, towns, dutch, officer, rng)
            added += 1
            if month != this_month:
                activity_confirm(activity=activity, version=activity.version, by=supervisor)
    _reopen_one(supervisor)
    return added


def _record(
    kind: tuple, month: datetime.date, today: datetime.date, towns, dutch: bool, officer, rng
) -> Activity:
    code, part, english, dutch_title, partner, sessions, participants, one_date = kind
    town, district = rng.choice(towns)
    last_day = today.day if month == today.replace(day=1) else 28
    held_on = month.replace(day=rng.randint(1, last_day)) if one_date else None
    low, high = participants
    return activity_save(
        values={
            "activity_type": code_lookup("department_activity", code),
            "title": (dutch_title if dutch else english).format(town=town),
            "part": part,
            "held_on": held_on,
            "month": None if one_date else month,
            "district": code_lookup("district", district) if part == Part.ORGANISED else None,
            "place": town if part == Part.ORGANISED else "",
            "partner": partner,
            "sessions": rng.randint(*sessions),
            "participants_women": rng.randint(low, high) if high else 0,
            "participants_men": rng.randint(low, high) * 2 // 3 if high else 0,
            "staff_involved": rng.randint(1, 4),
            "description": DEMO_NOTE,
        },
        version=None,
        by=officer,
    )


def _months_back(this_month: datetime.date, count: int) -> list[datetime.date]:
    months, month = [], this_month
    for _index in range(count):
        months.append(month)
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def _reopen_one(supervisor) -> None:
    """Last month's first activity, reopened for a correction: a draft with a history worth reading."""
    activity = (
        Activity.objects.filter(description=DEMO_NOTE, status=ActivityStatus.CONFIRMED)
        .order_by("-month", "pk")
        .first()
    )
    if activity is not None:
        activity_reopen(
            activity=activity,
            reason="The attendance sheet shows more participants; to be corrected.",
            version=activity.version,
            by=supervisor,
        )
