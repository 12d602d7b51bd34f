"""What the demo data of every case module draws on: the country's demo officer and supervisor, and the
countries its demo migrant workers come from."""

import random

from django.contrib.auth import get_user_model

# Where the demo's migrant workers come from, per demo country (ISO 3166 codes).
MIGRANT_ORIGINS = {"kn": ("GY", "JM", "DM"), "lc": ("GY", "HT", "VC"), "sr": ("GY", "BR", "HT")}


def demo_staff() -> tuple:
    """The demo officer and supervisor of the country in use; None for one it does not have."""
    users = get_user_model().objects
    return users.filter(username="officer").first(), users.filter(username="supervisor").first()


def demo_nationality(country, rng: random.Random, *, migrant: bool) -> str:
    """A migrant's country of origin, drawn from the country's usual ones, or the country's own code."""
    if migrant:
        return rng.choice(MIGRANT_ORIGINS.get(country.code, ("GY",)))
    return country.code.upper()
