"""The matching API: referrals (CRUD; their other actions through the case API), the ranked lists, and
the placement, which places the job seeker and fills a post of the vacancy in one request."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from clmis.accounts.permissions import MFASatisfied
from clmis.api.permissions import holding
from modules.casework.api import CASE_FIELDS, CaseDetailApi, CaseListApi, CaseSerializer
from modules.job_seekers.models import JobSeeker
from modules.job_seekers.selectors import job_seekers_active
from modules.matching.listing import ReferralFilter
from modules.matching.models import JobReferral
from modules.matching.scores import WEIGHTS, Match
from modules.matching.selectors import (
    RANKED,
    candidates_for_vacancy,
    referrals_listed,
    vacancies_for_job_seeker,
)
from modules.matching.services import referral_make, referral_place, referral_placement_cancel
from modules.vacancies.models import Vacancy
from modules.vacancies.selectors import vacancies_open


class ReferralSerializer(CaseSerializer):
    job_seeker = serializers.PrimaryKeyRelatedField(queryset=JobSeeker.objects.all())
    job_seeker_reference = serializers.CharField(source="job_seeker.reference", read_only=True)
    job_seeker_name = serializers.CharField(source="job_seeker.full_name", read_only=True)
    vacancy = serializers.PrimaryKeyRelatedField(source="referred_to", queryset=Vacancy.objects.all())
    vacancy_reference = serializers.CharField(source="referred_to.reference", read_only=True)
    job_title = serializers.CharField(source="referred_to.title", read_only=True)
    employer_name = serializers.CharField(source="referred_to.employer.name", read_only=True)

    class Meta(CaseSerializer.Meta):
        model = JobReferral
        fields = [
            *CASE_FIELDS,
            "job_seeker",
            "job_seeker_reference",
            "job_seeker_name",
            "vacancy",
            "vacancy_reference",
            "job_title",
            "employer_name",
            "score",
            "explanation",
            "interview_on",
            "interview_place",
            "not_hired",
            "placed_on",
            "notes",
        ]
        read_only_fields = [*CaseSerializer.Meta.read_only_fields, "score", "explanation", "placed_on"]


class ReferralListApi(CaseListApi):
    """Referrals: search (`q`: reference, job seeker, vacancy, employer), filters, sort. POST refers a job
    seeker (`job_seeker`: id) to a vacancy (`vacancy`: id): active and open, once per pair."""

    queryset = referrals_listed()
    serializer_class = ReferralSerializer
    filterset_class = ReferralFilter
    ordering_fields = ["reference", "opened_on", "score", "interview_on", "placed_on"]
    ordering = ["-opened_on"]

    def create_record(self, values: dict) -> JobReferral:
        return referral_make(
            job_seeker=values["job_seeker"],
            vacancy=values["referred_to"],
            notes=values.get("notes", ""),
            by=self.request.user,
        )


class ReferralDetailApi(CaseDetailApi):
    """One referral; PUT/PATCH its follow-up details (interview, notes) with the `version` last read.
    Who was referred to what does not change."""

    queryset = referrals_listed()
    serializer_class = ReferralSerializer

    def change_record(self, record: JobReferral, values: dict, version: int) -> JobReferral:
        values.pop("job_seeker", None)
        values.pop("referred_to", None)
        return super().change_record(record, values, version)


class PointsOutput(serializers.Serializer):
    """The points of each part of the score (see the module's scores: the most each part gives)."""

    occupation = serializers.IntegerField(help_text=f"0-{WEIGHTS['occupation']}")
    skills = serializers.IntegerField(help_text=f"0-{WEIGHTS['skills']}")
    languages = serializers.IntegerField(help_text=f"0-{WEIGHTS['languages']}")
    education = serializers.IntegerField(help_text=f"0-{WEIGHTS['education']}")
    experience = serializers.IntegerField(help_text=f"0-{WEIGHTS['experience']}")
    place = serializers.IntegerField(help_text=f"0-{WEIGHTS['place']}")
    availability = serializers.IntegerField(help_text=f"0-{WEIGHTS['availability']}")


class MatchOutput(serializers.Serializer):
    score = serializers.IntegerField(help_text="0-100")
    points = PointsOutput()
    reasons = serializers.ListField(child=serializers.CharField())
    explanation = serializers.CharField()


class CandidateOutput(MatchOutput):
    job_seeker = serializers.IntegerField(source="job_seeker.pk")
    reference = serializers.CharField(source="job_seeker.reference")
    name = serializers.CharField(source="job_seeker.full_name")


class OpeningOutput(MatchOutput):
    vacancy = serializers.IntegerField(source="vacancy.pk")
    reference = serializers.CharField(source="vacancy.reference")
    job_title = serializers.CharField(source="vacancy.title")
    employer_name = serializers.CharField(source="vacancy.employer.name")


class RankedInput(serializers.Serializer):
    limit = serializers.IntegerField(min_value=1, max_value=200, default=RANKED)


RANKED_PERMISSIONS = [
    IsAuthenticated,
    MFASatisfied,
    holding("matching.view_jobreferral"),
    holding("job_seekers.view_jobseeker"),
    holding("vacancies.view_vacancy"),
]


class VacancyCandidatesApi(APIView):
    """The active job seekers best suited to an open vacancy, best first, with the points and reasons of
    each score; those referred to it already are left out. `?limit=` (default 50, at most 200)."""

    permission_classes = RANKED_PERMISSIONS

    @extend_schema(parameters=[RankedInput], responses=CandidateOutput(many=True))
    def get(self, request: Request, pk: int) -> Response:
        query = RankedInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        vacancy = generics.get_object_or_404(vacancies_open(), pk=pk)
        matches: list[Match] = candidates_for_vacancy(vacancy, limit=query.validated_data["limit"])
        return Response(CandidateOutput(matches, many=True).data)


class JobSeekerVacanciesApi(APIView):
    """The open vacancies best suited to an active job seeker, best first, with the points and reasons
    of each score; those they were referred to already are left out. `?limit=` (default 50)."""

    permission_classes = RANKED_PERMISSIONS

    @extend_schema(parameters=[RankedInput], responses=OpeningOutput(many=True))
    def get(self, request: Request, pk: int) -> Response:
        query = RankedInput(data=request.query_params)
        query.is_valid(raise_exception=True)
        job_seeker = generics.get_object_or_404(job_seekers_active(), pk=pk)
        matches = vacancies_for_job_seeker(job_seeker, limit=query.validated_data["limit"])
        return Response(OpeningOutput(matches, many=True).data)


class PlacementInput(serializers.Serializer):
    placed_on = serializers.DateField(help_text="the day the job seeker started the job")
    version = serializers.IntegerField(help_text="the version of the referral you read")


class PlacementCancelInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500, help_text="why (on the timelines of all three)")
    version = serializers.IntegerField(help_text="the version of the referral you read")


class PlacementApi(APIView):
    """Record the placement: the referral closes as placed, the job seeker is placed and a post of the
    vacancy filled (the last one fills it) — all or nothing."""

    permission_classes = [IsAuthenticated, MFASatisfied, holding("matching.change_jobreferral")]

    @extend_schema(request=PlacementInput, responses=ReferralSerializer)
    def post(self, request: Request, pk: int) -> Response:
        referral = generics.get_object_or_404(referrals_listed(), pk=pk)
        data = PlacementInput(data=request.data)
        data.is_valid(raise_exception=True)
        referral = referral_place(referral=referral, by=request.user, **data.validated_data)
        return Response(ReferralSerializer(referral).data)


class PlacementCancelApi(APIView):
    """Cancel a placement recorded by mistake (supervisors): the referral is open again, the post
    released, the job seeker's registration renewed."""

    permission_classes = [IsAuthenticated, MFASatisfied, holding("matching.cancel_placement")]

    @extend_schema(request=PlacementCancelInput, responses=ReferralSerializer)
    def post(self, request: Request, pk: int) -> Response:
        referral = generics.get_object_or_404(referrals_listed(), pk=pk)
        data = PlacementCancelInput(data=request.data)
        data.is_valid(raise_exception=True)
        referral = referral_placement_cancel(referral=referral, by=request.user, **data.validated_data)
        return Response(ReferralSerializer(referral).data)
