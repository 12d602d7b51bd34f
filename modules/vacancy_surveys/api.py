from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from clmis.accounts.permissions import MFASatisfied
from clmis.api.serializers import ModelSerializer
from clmis.records.api import PartDetailApi, PartListApi, RecordDetailApi, RecordListApi
from modules.employers.models import Employer
from modules.reference.api_fields import CodeRelatedField
from modules.vacancy_surveys.listing import RoundFilter
from modules.vacancy_surveys.models import ResponseLine, SurveyResponse, SurveyRound
from modules.vacancy_surveys.selectors import ResponseRate, rounds_listed, sample_of
from modules.vacancy_surveys.services import (
    OPEN_CLOSE,
    response_save,
    round_close,
    round_open,
    round_reopen,
    round_sample_add,
    round_sample_remove,
    round_save,
)

NEGATIVE = _("A number of posts cannot be negative.")
STATUS_FIELDS = ["status", "reopen_reason", "sample_size"]


class SurveyRoundSerializer(ModelSerializer):
    responded = serializers.SerializerMethodField(help_text="employers who have responded")
    response_rate = serializers.SerializerMethodField(help_text="responses per hundred employers asked")
    # Required when changing a record: the version it was read at (optimistic locking; 409 if stale).
    version = serializers.IntegerField(required=False)

    class Meta:
        model = SurveyRound
        fields = [
            "id",
            "title",
            "reference_date",
            "opens_on",
            "closes_on",
            "notes",
            *STATUS_FIELDS,
            "responded",
            "response_rate",
            "version",
            "created_at",
        ]
        # Opening, closing, reopening and the sample are actions of their own, never an edit.
        read_only_fields = ["id", *STATUS_FIELDS, "created_at"]

    def get_responded(self, survey_round: SurveyRound) -> int:
        listed = getattr(survey_round, "responded", None)
        return listed if listed is not None else survey_round.responses.count()

    def get_response_rate(self, survey_round: SurveyRound) -> Decimal | None:
        return ResponseRate(survey_round.sample_size, self.get_responded(survey_round)).percent


class RoundListApi(RecordListApi):
    """Limited vacancy survey rounds: search (`q`, the title), filter by the period of the reference date
    (2026, 2026-Q2, 2026-06) and status; sort. POST plans one (supervisors)."""

    queryset = rounds_listed()
    serializer_class = SurveyRoundSerializer
    filterset_class = RoundFilter
    ordering_fields = ["reference_date", "title", "opens_on", "closes_on", "created_at"]
    ordering = ["-reference_date"]

    def create_record(self, values: dict) -> SurveyRound:
        return round_save(values=values, version=None, by=self.request.user)


class RoundDetailApi(RecordDetailApi):
    """One round; PUT/PATCH with the `version` last read. A closed round is read-only (400)."""

    queryset = rounds_listed()
    serializer_class = SurveyRoundSerializer

    def change_record(self, record: SurveyRound, values: dict, version: int) -> SurveyRound:
        return round_save(round=record, values=values, version=version, by=self.request.user)


class MayOpenAndClose(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return request.user.has_perm(OPEN_CLOSE)


class RoundStatusInput(serializers.Serializer):
    version = serializers.IntegerField(help_text="the version of the round you read")


class RoundReopenInput(RoundStatusInput):
    reason = serializers.CharField(max_length=500, help_text="why it is reopened (kept in its history)")


class RoundStatusApi(APIView):
    permission_classes = [IsAuthenticated, MFASatisfied, MayOpenAndClose]
    input_class = RoundStatusInput

    def change(self, survey_round: SurveyRound, data: dict, by) -> SurveyRound:
        raise NotImplementedError

    def post(self, request: Request, pk: int) -> Response:
        data = self.input_class(data=request.data)
        data.is_valid(raise_exception=True)
        survey_round = generics.get_object_or_404(SurveyRound, pk=pk)
        survey_round = self.change(survey_round, data.validated_data, request.user)
        return Response(SurveyRoundSerializer(survey_round).data)


class RoundOpenApi(RoundStatusApi):
    """A supervisor opens a planned round with a sample: responses can be recorded. 403 for an officer."""

    @extend_schema(request=RoundStatusInput, responses=SurveyRoundSerializer)
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def change(self, survey_round: SurveyRound, data: dict, by) -> SurveyRound:
        return round_open(round=survey_round, version=data["version"], by=by)


class RoundCloseApi(RoundStatusApi):
    """A supervisor closes an open round: its responses and results are final. 403 for an officer."""

    @extend_schema(request=RoundStatusInput, responses=SurveyRoundSerializer)
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def change(self, survey_round: SurveyRound, data: dict, by) -> SurveyRound:
        return round_close(round=survey_round, version=data["version"], by=by)


class RoundReopenApi(RoundStatusApi):
    """A supervisor opens a closed round again, saying why. 403 for an officer."""

    input_class = RoundReopenInput

    @extend_schema(request=RoundReopenInput, responses=SurveyRoundSerializer)
    def post(self, request: Request, pk: int) -> Response:
        return super().post(request, pk)

    def change(self, survey_round: SurveyRound, data: dict, by) -> SurveyRound:
        return round_reopen(round=survey_round, reason=data["reason"], version=data["version"], by=by)


class RoundPermission(BasePermission):
    """Reading a round's sample needs to see rounds; changing it, to change them."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        action = "view" if request.method in SAFE_METHODS else "change"
        return request.user.has_perm(f"vacancy_surveys.{action}_surveyround")


class SampledEmployerSerializer(ModelSerializer):
    isic = serializers.CharField(source="isic.code", read_only=True, allow_null=True)
    district = serializers.CharField(source="district.code", read_only=True, allow_null=True)
    responded = serializers.BooleanField(read_only=True)

    class Meta:
        model = Employer
        fields = ["id", "name", "registration_number", "isic", "size_band", "district", "responded"]


class RoundSampleInput(serializers.Serializer):
    add = serializers.PrimaryKeyRelatedField(
        queryset=Employer.objects.all(), many=True, required=False, help_text="employers to ask (ids)"
    )
    remove = serializers.PrimaryKeyRelatedField(
        queryset=Employer.objects.all(),
        many=True,
        required=False,
        help_text="employers to take out (ids); not one that has responded",
    )


class RoundSampleApi(generics.ListAPIView):
    """The employers asked in the round, each with whether it has responded. POST adds and takes out
    employers of the register (`add`, `remove`: ids), both or neither; not in a closed round."""

    permission_classes = [IsAuthenticated, MFASatisfied, RoundPermission]
    serializer_class = SampledEmployerSerializer
    queryset = Employer.objects.none()  # for the schema; get_queryset reads the round's own

    def round(self) -> SurveyRound:
        return generics.get_object_or_404(SurveyRound, pk=self.kwargs["pk"])

    def get_queryset(self):
        return sample_of(self.round()).order_by("name", "pk")

    @extend_schema(request=RoundSampleInput, responses=SurveyRoundSerializer)
    def post(self, request: Request, pk: int) -> Response:
        survey_round = self.round()
        data = RoundSampleInput(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data.get("remove"):
            round_sample_remove(round=survey_round, employers=data.validated_data["remove"], by=request.user)
        if data.validated_data.get("add"):
            round_sample_add(round=survey_round, employers=data.validated_data["add"], by=request.user)
        return Response(SurveyRoundSerializer(survey_round).data)


class ResponseLineSerializer(ModelSerializer):
    occupation = CodeRelatedField("isco08", level=4)
    occupation_title = serializers.CharField(source="occupation.title", read_only=True)

    class Meta:
        model = ResponseLine
        fields = ["occupation", "occupation_title", "vacancies", "hard_to_fill", "expected_next_12_months"]
        extra_kwargs = {
            "vacancies": {"error_messages": {"min_value": NEGATIVE}},
            "hard_to_fill": {"error_messages": {"min_value": NEGATIVE}},
            "expected_next_12_months": {"error_messages": {"min_value": NEGATIVE}},
        }
        validators = []


class SurveyResponseSerializer(ModelSerializer):
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    lines = ResponseLineSerializer(
        many=True,
        required=False,
        help_text="Every line the response has: sent, they replace its lines, all or none (a line of an "
        "occupation it had is changed, others added, those left out deleted). Left out, they stay.",
    )
    version = serializers.IntegerField(required=False)

    class Meta:
        model = SurveyResponse
        fields = [
            "id",
            "round",
            "employer",
            "employer_name",
            "responded_on",
            "respondent_name",
            "notes",
            "lines",
            "lines_summary",
            "version",
            "created_at",
        ]
        read_only_fields = ["id", "round", "lines_summary", "created_at"]
        # The service refuses a second response of an employer, naming the field.
        validators = []


class ResponseListApi(PartListApi):
    """The responses to one round, with their lines; POST records one with its lines, all or nothing
    (only while the round is open, from an employer asked that has not responded yet)."""

    serializer_class = SurveyResponseSerializer
    queryset = SurveyResponse.objects.none()
    parent = "round"
    save = staticmethod(response_save)

    def get_queryset(self):
        return super().get_queryset().select_related("employer").prefetch_related("lines__occupation")


class ResponseDetailApi(PartDetailApi):
    """One response with its lines; PUT/PATCH with the `version` last read, lines all or nothing."""

    serializer_class = SurveyResponseSerializer
    queryset = SurveyResponse.objects.select_related("round", "employer").prefetch_related(
        "lines__occupation"
    )
    parent = "round"
    part = "response"
    save = staticmethod(response_save)
