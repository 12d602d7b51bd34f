import datetime

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from clmis.accounts.permissions import MFASatisfied
from clmis.api.permissions import holding
from clmis.api.serializers import ModelSerializer
from clmis.records.api import PartDetailApi, PartListApi, RecordDetailApi, record_values
from modules.casework.api import CASE_FIELDS, CaseDetailApi, CaseListApi, CaseSerializer
from modules.job_seekers.listing import JobSeekerFilter
from modules.job_seekers.models import (
    LAPSE_TOO_LATE,
    LAPSE_TOO_SOON,
    Education,
    Experience,
    JobSeeker,
    RegistrationRules,
)
from modules.job_seekers.selectors import job_seekers_listed, registration_rules
from modules.job_seekers.services import (
    DuplicateRegistration,
    education_save,
    experience_save,
    job_seeker_register,
    job_seeker_update,
    job_seeker_update_from_registration,
    job_seekers_merge,
    registration_rules_save,
)
from modules.reference.api_fields import CodeListField, CodeRelatedField
from modules.reference.models import Code

JOB_SEEKER_FIELDS = [
    "first_name",
    "family_name",
    "nis_number",
    "sex",
    "birth_date",
    "nationality",
    "country_of_birth",
    "district",
    "city",
    "street",
    "phone",
    "email",
    "education_level",
    "training",
    "skills",
    "languages",
    "occupations",
    "preferred_districts",
    "hours",
    "willing_to_relocate",
    "willing_to_work_abroad",
    "available_from",
    "renewed_on",
    "placed_on",
    "merged_into",
]
PROFILE_FIELDS = ["match_occupations", "match_skills", "match_languages", "experience_months"]
# The code lists, one query each per page, without the codes' long texts (ISCO's run to pages).
CODE_LISTS = [
    Prefetch(field, queryset=Code.objects.only("code", "title"))
    for field in ("skills", "languages", "occupations", "preferred_districts")
]


class JobSeekerSerializer(CaseSerializer):
    nationality = CodeRelatedField("iso3166", required=False, allow_null=True)
    nationality_title = serializers.CharField(source="nationality.title", read_only=True, allow_null=True)
    country_of_birth = CodeRelatedField("iso3166", required=False, allow_null=True)
    district = CodeRelatedField("district", required=False, allow_null=True)
    district_title = serializers.CharField(source="district.title", read_only=True, allow_null=True)
    education_level = CodeRelatedField("education_level", required=False, allow_null=True)
    education_level_title = serializers.CharField(
        source="education_level.title", read_only=True, allow_null=True
    )
    skills = CodeListField("skill", required=False, help_text="codes of the skill table")
    languages = CodeListField("language", required=False, help_text="codes of the language table")
    occupations = CodeListField(
        "isco08",
        level=4,
        required=False,
        help_text="1 to 3 ISCO-08 unit groups sought, the main one first (required to register)",
    )
    preferred_districts = CodeListField(
        "district", required=False, help_text="district codes where they would work; empty: anywhere"
    )
    merged_into_reference = serializers.CharField(
        source="merged_into.reference", read_only=True, allow_null=True
    )
    lapses_on = serializers.SerializerMethodField(
        help_text="the day an active registration lapses unless renewed (null for any other)"
    )
    different_person = serializers.BooleanField(
        write_only=True,
        required=False,
        help_text="register although a registration with the same name and date of birth exists",
    )

    class Meta(CaseSerializer.Meta):
        model = JobSeeker
        fields = [
            *CASE_FIELDS,
            *JOB_SEEKER_FIELDS,
            *PROFILE_FIELDS,
            "nationality_title",
            "district_title",
            "education_level_title",
            "merged_into_reference",
            "lapses_on",
            "different_person",
        ]
        read_only_fields = [
            *CaseSerializer.Meta.read_only_fields,
            "renewed_on",
            "merged_into",
            *PROFILE_FIELDS,
        ]
        extra_kwargs = {"placed_on": {"help_text": "required to place (the `place` transition)"}}

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_lapses_on(self, job_seeker: JobSeeker) -> datetime.date | None:
        if "_rules" not in self.__dict__:  # one serializer serves every row of a list: read them once
            self._rules = registration_rules()
        return job_seeker.lapses_under(self._rules)

    def to_representation(self, instance: JobSeeker) -> dict:
        data = super().to_representation(instance)
        data["occupations"] = [code.code for code in instance.occupations_sought()]
        return data


class DuplicateOutput(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    name = serializers.CharField()
    birth_date = serializers.DateField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    same_nis = serializers.BooleanField()


class DuplicateAnswer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField(help_text="duplicate")
    same_nis = serializers.BooleanField(
        help_text="true: the same NIS number; different_person cannot override"
    )
    duplicates = DuplicateOutput(many=True)


def duplicate_answer(refusal: DuplicateRegistration) -> dict:
    return {
        "detail": refusal.messages[0],
        "code": "duplicate",
        "same_nis": refusal.same_nis,
        "duplicates": [
            {
                "id": found.pk,
                "reference": found.reference,
                "name": found.full_name,
                "birth_date": found.birth_date,
                "status": found.status,
                "status_label": found.status_label,
                "same_nis": duplicate.same_nis,
            }
            for duplicate in refusal.duplicates
            for found in [duplicate.job_seeker]
        ],
    }


class JobSeekerListApi(CaseListApi):
    """Job seekers: search (`q`: registration number, names, NIS number), filters, sort. POST registers
    one; a person who seems registered already answers 409 `duplicate` with the registrations found
    (`different_person: true` registers anyway when only the name and date of birth are alike)."""

    queryset = job_seekers_listed().prefetch_related(*CODE_LISTS)
    serializer_class = JobSeekerSerializer
    filterset_class = JobSeekerFilter
    ordering_fields = [
        "reference",
        "opened_on",
        "renewed_on",
        "family_name",
        "birth_date",
        "experience_months",
    ]
    ordering = ["-opened_on"]

    @extend_schema(responses={201: JobSeekerSerializer, 409: DuplicateAnswer})
    def post(self, request: Request, *args, **kwargs) -> Response:
        try:
            return super().post(request, *args, **kwargs)
        except DuplicateRegistration as refusal:
            return Response(duplicate_answer(refusal), status=status.HTTP_409_CONFLICT)

    def create_record(self, values: dict) -> JobSeeker:
        different_person = values.pop("different_person", False)
        return job_seeker_register(values=values, different_person=different_person, by=self.request.user)


class JobSeekerDetailApi(CaseDetailApi):
    """One job seeker; PUT/PATCH with the `version` last read (the code lists given replace theirs)."""

    queryset = job_seekers_listed().prefetch_related(*CODE_LISTS)
    serializer_class = JobSeekerSerializer

    def change_record(self, record: JobSeeker, values: dict, version: int) -> JobSeeker:
        values.pop("different_person", None)
        return job_seeker_update(job_seeker=record, values=values, version=version, by=self.request.user)


class UpdateFromRegistrationApi(APIView):
    """Instead of a registration refused as a duplicate: its details (as POSTed to register, with the
    `version` of this registration) replace this one's where not empty, and it is renewed."""

    permission_classes = [IsAuthenticated, MFASatisfied, holding("job_seekers.change_jobseeker")]

    @extend_schema(request=JobSeekerSerializer, responses=JobSeekerSerializer)
    def post(self, request: Request, pk: int) -> Response:
        job_seeker = generics.get_object_or_404(job_seekers_listed(), pk=pk)
        data = JobSeekerSerializer(data=request.data, partial=True, context={"request": request})
        data.is_valid(raise_exception=True)
        version = data.validated_data.get("version")
        if version is None:
            raise serializers.ValidationError(
                {"version": [_("Send the version of the record you are changing.")]}
            )
        values = record_values(data)
        values.pop("different_person", None)
        job_seeker = job_seeker_update_from_registration(
            job_seeker=job_seeker, values=values, version=version, by=request.user
        )
        return Response(JobSeekerSerializer(job_seeker, context={"request": request}).data)


class MergeInput(serializers.Serializer):
    duplicate = serializers.PrimaryKeyRelatedField(
        queryset=JobSeeker.objects.all(), help_text="the id of the duplicate registration, closed as merged"
    )
    version = serializers.IntegerField(help_text="the version of the registration kept, as you read it")


class JobSeekerMergeApi(APIView):
    """A supervisor merges a duplicate registration into this one (education, experience and codes come
    along; the duplicate is closed as merged). 403 without the merge permission."""

    permission_classes = [IsAuthenticated, MFASatisfied, holding("job_seekers.merge_jobseeker")]

    @extend_schema(request=MergeInput, responses=JobSeekerSerializer)
    def post(self, request: Request, pk: int) -> Response:
        kept = generics.get_object_or_404(job_seekers_listed(), pk=pk)
        data = MergeInput(data=request.data)
        data.is_valid(raise_exception=True)
        kept = job_seekers_merge(
            kept=kept,
            duplicate=data.validated_data["duplicate"],
            version=data.validated_data["version"],
            by=request.user,
        )
        return Response(JobSeekerSerializer(kept, context={"request": request}).data)


class RegistrationRulesSerializer(ModelSerializer):
    version = serializers.IntegerField(required=False)

    class Meta:
        model = RegistrationRules
        fields = ["lapse_after_days", "office_contact", "version"]
        validators = []
        extra_kwargs = {
            "lapse_after_days": {"error_messages": {"min_value": LAPSE_TOO_SOON, "max_value": LAPSE_TOO_LATE}}
        }


class RegistrationRulesApi(RecordDetailApi):
    """The country's registration rules: how many days a registration stays active without renewal, and
    the office's contact on the registration card. PUT/PATCH (LMIS administrators) with `version`."""

    serializer_class = RegistrationRulesSerializer
    queryset = RegistrationRules.objects.all()

    def get_object(self) -> RegistrationRules:
        return registration_rules()

    def change_record(self, record: RegistrationRules, values: dict, version: int) -> RegistrationRules:
        return registration_rules_save(values=values, version=version, by=self.request.user)


class EducationSerializer(ModelSerializer):
    level = CodeRelatedField("education_level")
    level_title = serializers.CharField(source="level.title", read_only=True)
    version = serializers.IntegerField(required=False)

    class Meta:
        model = Education
        fields = ["id", "level", "level_title", "field_of_study", "institution", "year_completed", "version"]
        read_only_fields = ["id"]


class EducationListApi(PartListApi):
    """The education of one job seeker; POST records one (also on the job seeker's timeline)."""

    serializer_class = EducationSerializer
    queryset = Education.objects.none()
    parent = "job_seeker"
    save = staticmethod(education_save)


class EducationDetailApi(PartDetailApi):
    """One level of education or course; PUT/PATCH with the `version` last read."""

    serializer_class = EducationSerializer
    queryset = Education.objects.select_related("job_seeker", "level")
    parent = "job_seeker"
    save = staticmethod(education_save)


class ExperienceSerializer(ModelSerializer):
    occupation = CodeRelatedField("isco08", level=4)
    occupation_title = serializers.CharField(source="occupation.title", read_only=True)
    version = serializers.IntegerField(required=False)

    class Meta:
        model = Experience
        fields = [
            "id",
            "occupation",
            "occupation_title",
            "employer_name",
            "started_on",
            "ended_on",
            "duties",
            "version",
        ]
        read_only_fields = ["id"]
        extra_kwargs = {"ended_on": {"help_text": "empty for a job still held"}}


class ExperienceListApi(PartListApi):
    """The work experience of one job seeker; POST records a job held (the matching profile follows)."""

    serializer_class = ExperienceSerializer
    queryset = Experience.objects.none()
    parent = "job_seeker"
    save = staticmethod(experience_save)


class ExperienceDetailApi(PartDetailApi):
    """One job held; PUT/PATCH with the `version` last read."""

    serializer_class = ExperienceSerializer
    queryset = Experience.objects.select_related("job_seeker", "occupation")
    parent = "job_seeker"
    save = staticmethod(experience_save)
