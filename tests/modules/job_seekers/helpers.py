"""Registering job seekers for the tests, as an officer of a country would."""

import datetime

from django_tenants.utils import tenant_context

from modules.job_seekers.models import JobSeeker
from modules.job_seekers.services import job_seeker_register
from modules.reference.selectors import code_lookup
from tests.support import user_in

TODAY = datetime.date.today()
JSON = "application/json"


def born(years: int, days: int = 0) -> datetime.date:
    """A date of birth `years` (and `days`) ago."""
    return TODAY.replace(year=TODAY.year - years) - datetime.timedelta(days=days)


def payload(**extra) -> dict:
    """A registration as the API takes it."""
    return {
        "first_name": "Cavel",
        "family_name": "Mills",
        "sex": "F",
        "birth_date": str(born(29)),
        "nationality": "KN",
        "district": "KN-03",
        "occupations": ["5120", "5131"],
        "skills": ["FOOD_HYGIENE", "CUSTOMER"],
        "languages": ["en"],
        **extra,
    }


def register(country, username: str = "officer", *, occupations=("5120",), skills=(), languages=(), **values):
    """A job seeker registered in the country by one of its users (the officer unless said otherwise)."""
    with tenant_context(country):
        fields = {
            "first_name": "Junior",
            "family_name": "Browne",
            "sex": "M",
            "birth_date": born(35),
            "occupations": [code_lookup("isco08", code) for code in occupations],
            "skills": [code_lookup("skill", code) for code in skills],
            "languages": [code_lookup("language", code) for code in languages],
            **values,
        }
        different_person = fields.pop("different_person", False)
        return job_seeker_register(
            values=fields, different_person=different_person, by=user_in(country, username)
        )


def count(country) -> int:
    with tenant_context(country):
        return JobSeeker.objects.count()
