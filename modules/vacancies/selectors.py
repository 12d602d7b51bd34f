from django.db.models import QuerySet

from modules.reference.selectors import code_text
from modules.vacancies.models import Vacancy, WorkRequest


def vacancies_listed() -> QuerySet[Vacancy]:
    return Vacancy.objects.select_related(
        "employer", "occupation", "district", "education_level", "assigned_to", "work_request"
    ).defer(*code_text("occupation", "district", "education_level"))


def vacancies_open() -> QuerySet[Vacancy]:
    """The vacancies with posts to fill: open (a vacancy whose last post is filled is no longer open).

    Those past their closing date stay open until an officer closes them: referrals made before the
    closing date may still end in placements.
    """
    return vacancies_listed().filter(status="open")


def work_requests_listed() -> QuerySet[WorkRequest]:
    return WorkRequest.objects.select_related("employer", "occupation", "assigned_to").defer(
        *code_text("occupation")
    )
