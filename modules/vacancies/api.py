from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from modules.casework.api import CASE_FIELDS, CaseDetailApi, CaseListApi, CaseSerializer
from modules.reference.api_fields import CodeListField, CodeRelatedField
from modules.vacancies.listing import VacancyFilter, WorkRequestFilter
from modules.vacancies.models import Vacancy, WorkRequest
from modules.vacancies.selectors import vacancies_listed, work_requests_listed
from modules.vacancies.services import (
    vacancy_register,
    vacancy_update,
    work_request_receive,
    work_request_update,
)

NEGATIVE = _("A wage cannot be negative.")
VACANCY_FIELDS = [
    "employer",
    "title",
    "occupation",
    "posts",
    "posts_filled",
    "district",
    "place_of_work",
    "education_level",
    "experience_years",
    "skills",
    "languages",
    "requirements",
    "wage_min",
    "wage_max",
    "wage_period",
    "hours_per_week",
    "contract",
    "hours",
    "closes_on",
    "starts_on",
    "work_request",
    "closing_reason",
    "match_skills",
    "match_languages",
]


class VacancySerializer(CaseSerializer):
    occupation = CodeRelatedField("isco08", level=4)
    occupation_title = serializers.CharField(source="occupation.title", read_only=True)
    district = CodeRelatedField(
        "district", required=False, allow_null=True, help_text="the employer's district if not given"
    )
    district_title = serializers.CharField(source="district.title", read_only=True, allow_null=True)
    education_level = CodeRelatedField("education_level", required=False, allow_null=True)
    skills = CodeListField("skill", required=False, help_text="codes of the skill table")
    languages = CodeListField("language", required=False, help_text="codes of the language table")
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    work_request_reference = serializers.CharField(
        source="work_request.reference", read_only=True, allow_null=True
    )

    class Meta(CaseSerializer.Meta):
        model = Vacancy
        fields = [
            *CASE_FIELDS,
            *VACANCY_FIELDS,
            "occupation_title",
            "district_title",
            "employer_name",
            "work_request_reference",
        ]
        read_only_fields = [
            *CaseSerializer.Meta.read_only_fields,
            "posts_filled",
            "match_skills",
            "match_languages",
        ]
        extra_kwargs = {
            "posts": {"error_messages": {"min_value": _("A vacancy has at least one post.")}},
            "wage_min": {"error_messages": {"min_value": NEGATIVE}},
            "wage_max": {"error_messages": {"min_value": NEGATIVE}},
            "posts_filled": {"help_text": "counted by placements (the matching module), never written"},
            "work_request": {"help_text": "the work request it comes from (id); set when registering only"},
            "closing_reason": {"help_text": "required to close"},
        }


class VacancyListApi(CaseListApi):
    """Vacancies (Form 25): search (`q`: reference, job title, employer), filters, sort; POST registers."""

    queryset = vacancies_listed().prefetch_related("skills", "languages")
    serializer_class = VacancySerializer
    filterset_class = VacancyFilter
    ordering_fields = ["reference", "opened_on", "closes_on", "title", "posts", "posts_filled"]
    ordering = ["-opened_on"]

    def create_record(self, values: dict) -> Vacancy:
        return vacancy_register(values=values, by=self.request.user)


class VacancyDetailApi(CaseDetailApi):
    queryset = vacancies_listed().prefetch_related("skills", "languages")
    serializer_class = VacancySerializer

    def change_record(self, record: Vacancy, values: dict, version: int) -> Vacancy:
        return vacancy_update(vacancy=record, values=values, version=version, by=self.request.user)


class WorkRequestSerializer(CaseSerializer):
    occupation = CodeRelatedField("isco08", level=4)
    occupation_title = serializers.CharField(source="occupation.title", read_only=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    vacancies = serializers.SlugRelatedField(
        slug_field="reference", many=True, read_only=True, help_text="the vacancies registered from it"
    )

    class Meta(CaseSerializer.Meta):
        model = WorkRequest
        fields = [
            *CASE_FIELDS,
            "employer",
            "employer_name",
            "contact_person",
            "occupation",
            "occupation_title",
            "posts",
            "description",
            "needed_by",
            "vacancies",
        ]
        extra_kwargs = {"posts": {"error_messages": {"min_value": _("A request is for at least one post.")}}}


class WorkRequestListApi(CaseListApi):
    """Work requests: search (`q`: reference, employer, contact person), filters, sort. POST registers one."""

    queryset = work_requests_listed().prefetch_related("vacancies")
    serializer_class = WorkRequestSerializer
    filterset_class = WorkRequestFilter
    ordering_fields = ["reference", "opened_on", "needed_by", "posts"]
    ordering = ["-opened_on"]

    def create_record(self, values: dict) -> WorkRequest:
        return work_request_receive(values=values, by=self.request.user)


class WorkRequestDetailApi(CaseDetailApi):
    queryset = work_requests_listed().prefetch_related("vacancies")
    serializer_class = WorkRequestSerializer

    def change_record(self, record: WorkRequest, values: dict, version: int) -> WorkRequest:
        return work_request_update(work_request=record, values=values, version=version, by=self.request.user)
