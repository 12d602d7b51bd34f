"""Demo training programmes with their trainees, fictitious, for any country that enables the module."""

import datetime

from clmis_training.models import Trainee, TrainingProgramme
from clmis_training.services import programme_save, trainee_save
from modules.reference.selectors import code_lookup

# (title, provider, ISCO unit group, ISIC section, starts, weeks, places)
PROGRAMMES = (
    ("Professional cookery", "Sir Arthur Lewis Community College", "5120", "I", (2026, 1, 12), 24, 18),
    ("Hotel front office", "National Skills Development Centre", "4224", "I", (2026, 2, 2), 12, 15),
    (
        "Solar photovoltaic installation",
        "National Skills Development Centre",
        "7411",
        "D",
        (2026, 3, 2),
        16,
        12,
    ),
    (
        "Agro-processing for small producers",
        "Ministry of Agriculture training unit",
        "",
        "C",
        (2025, 9, 1),
        10,
        20,
    ),
)
# (name, sex, born, status) enrolled in each programme in turn
TRAINEES = (
    ("Akeem Charles", "M", (2001, 4, 17), Trainee.Status.ENROLLED),
    ("Shernelle Joseph", "F", (1998, 11, 2), Trainee.Status.ENROLLED),
    ("Vanessa Alexander", "F", (2003, 6, 29), Trainee.Status.COMPLETED),
    ("Jerome Henry", "M", (1995, 1, 8), Trainee.Status.DROPPED_OUT),
    ("Kimberly Edmund", "F", (2000, 8, 21), Trainee.Status.ENROLLED),
)


def training_demo(country) -> int:
    """Add the demo programmes and their trainees once; returns how many programmes were added."""
    if TrainingProgramme.objects.filter(title=PROGRAMMES[0][0]).exists():
        return 0
    for index, (title, provider, isco, isic, starts, weeks, places) in enumerate(PROGRAMMES):
        starts_on = datetime.date(*starts)
        programme = programme_save(
            values={
                "title": title,
                "provider": provider,
                "occupation": code_lookup("isco08", isco) if isco else None,
                "sector": code_lookup("isic4", isic),
                "starts_on": starts_on,
                "ends_on": starts_on + datetime.timedelta(weeks=weeks),
                "places": places,
            },
            version=None,
            by=None,
        )
        for name, sex, born, status in TRAINEES[index:] + TRAINEES[:index]:
            trainee_save(
                programme=programme,
                values={"name": name, "sex": sex, "date_of_birth": datetime.date(*born), "status": status},
                version=None,
                by=None,
            )
    return len(PROGRAMMES)
