"""Employers of the register and survey rounds, set up as a supervisor of the country would."""

import datetime

import pytest
from django_tenants.utils import tenant_context

from modules.employers.services import employer_save
from modules.reference.selectors import code_lookup
from modules.vacancy_surveys.models import SurveyRound
from modules.vacancy_surveys.services import response_save, round_open, round_sample_add, round_save
from tests.support import client_for, sign_in, user_in

TODAY = datetime.date.today()
REFERENCE = TODAY - datetime.timedelta(days=10)
# (name, ISIC class, district, size band)
EMPLOYERS = (
    ("Frigate Bay Hotel", "5510", "KN-03", "50-249"),
    ("Charlestown Bakery", "1071", "KN-10", "10-49"),
    ("Basseterre Builders", "4100", "KN-03", "10-49"),
    ("Sandy Point Farms", "0113", None, "1-9"),
    ("Cayon Hardware", "4752", "KN-10", "1-9"),
)


@pytest.fixture
def employers(kn) -> dict:
    """Five employers of the register, by name."""
    with tenant_context(kn):
        return {
            name: employer_save(
                values={
                    "name": name,
                    "isic": code_lookup("isic4", isic),
                    "district": code_lookup("district", district) if district else None,
                    "size_band": size,
                },
                version=None,
                by=None,
            )
            for name, isic, district, size in EMPLOYERS
        }


def plan(country, **values) -> SurveyRound:
    with tenant_context(country):
        return round_save(
            values={
                "title": "Limited vacancy survey",
                "reference_date": REFERENCE,
                "opens_on": REFERENCE,
                "closes_on": TODAY + datetime.timedelta(days=20),
                **values,
            },
            version=None,
            by=user_in(country, "supervisor"),
        )


@pytest.fixture
def open_round(kn, employers) -> SurveyRound:
    """An open round asking the first four employers (not Cayon Hardware)."""
    survey_round = plan(kn)
    supervisor = user_in(kn, "supervisor")
    with tenant_context(kn):
        asked = [employers[name] for name, *_rest in EMPLOYERS[:4]]
        round_sample_add(round=survey_round, employers=asked, by=supervisor)
        return round_open(round=survey_round, version=survey_round.version, by=supervisor)


def respond(country, survey_round, employer, lines=(), **values):
    """A response recorded by the officer: lines as (ISCO code, vacancies, hard to fill, expected)."""
    with tenant_context(country):
        return response_save(
            round=survey_round,
            values={
                "employer": employer,
                "responded_on": TODAY,
                "respondent_name": "HR officer",
                "lines": [
                    {
                        "occupation": code_lookup("isco08", code),
                        "vacancies": vacancies,
                        "hard_to_fill": hard,
                        "expected_next_12_months": expected,
                    }
                    for code, vacancies, hard, expected in lines
                ],
                **values,
            },
            version=None,
            by=user_in(country, "officer"),
        )


@pytest.fixture
def officer(kn):
    return sign_in(client_for("kn.localhost"), kn, "officer")


@pytest.fixture
def supervisor(kn):
    return sign_in(client_for("kn.localhost"), kn, "supervisor")
