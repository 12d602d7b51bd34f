"""Demo workplaces: a main workplace for every demo employer, and a second site for every other one."""

import datetime

from modules.employers.demo import TOWNS
from modules.employers.models import Employer
from modules.reference.selectors import code_lookup
from modules.workplaces.models import Workplace
from modules.workplaces.services import workplace_save

# Women and men at the main workplace of an employer of each size band.
WORKERS = {"1-9": (3, 2), "10-49": (17, 14), "50-249": (68, 57), "250+": (212, 139), "": (4, 4)}
WORKERS_AS_OF = datetime.date(2025, 12, 31)
MAIN = {"en": "Head office", "nl": "Hoofdvestiging"}


def workplaces_demo(country) -> int:
    """Add workplaces to the demo employers of a country (kn, lc, sr) once; returns how many were added."""
    towns = TOWNS.get(country.code)
    prefix = f"{country.code.upper()}-C"
    employers = Employer.objects.filter(registration_number__startswith=prefix).order_by(
        "registration_number"
    )
    if not towns or Workplace.objects.filter(employer__in=employers).exists():
        return 0
    added = 0
    for index, employer in enumerate(employers):
        women, men = WORKERS.get(employer.size_band, WORKERS[""])
        common = {"isic": employer.isic, "workers_as_of": WORKERS_AS_OF, "active": employer.active}
        workplace_save(
            employer=employer,
            values={
                **common,
                "name": MAIN["nl" if country.code == "sr" else "en"],
                "street": employer.street,
                "city": employer.city,
                "district": employer.district,
                "workers_women": women + index % 3,
                "workers_men": men + index % 4,
                "phone": employer.phone,
            },
            version=None,
            by=None,
        )
        added += 1
        if index % 2 == 0:
            town, district = towns[(index + 3) % len(towns)]
            workplace_save(
                employer=employer,
                values={
                    **common,
                    "name": f"Vestiging {town}" if country.code == "sr" else f"{town} site",
                    "city": town,
                    "district": code_lookup("district", district),
                    "workers_women": max(1, women // 3),
                    "workers_men": max(1, men // 3),
                },
                version=None,
                by=None,
            )
            added += 1
    return added
