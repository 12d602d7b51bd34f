from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, mixins, serializers
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from clmis.accounts.permissions import MFASatisfied
from clmis.api.serializers import ModelSerializer
from clmis.records.api import RecordDetailApi, RecordListApi
from modules.monitoring.listing import ActivityFilter
from modules.monitoring.models import Activity
from modules.monitoring.selectors import activities_listed
from modules.monitoring.services import (
    CONFIRM,
    activity_confirm,
    activity_delete,
    activity_reopen,
    activity_save,
)
from modules.reference.api_fields import CodeRelatedField

NEGATIVE = _("A count cannot be negative.")
ACTIVITY_FIELDS = [
    "activity_type",
    "title",
    "part",
    "held_on",
    "month",
    "district",
    "place",
    "partner",
    "sessions",
    "participants_women",
    "participants_men",
    "staff_involved",
    "description",
]
STATUS_FIELDS = ["status", "recorded_by", "confirmed_by", "confirmed_at", "reopen_reason"]


@extend_schema_field({"type": "string", "pattern": r"^\d{4}-\d{2}$", "example": "2026-03"})
class MonthField(serializers.DateField):
    """A month written and read as YYYY-MM (a full date is taken too, as its month)."""

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m", input_formats=["%Y-%m", "%Y-%m-%d"], **kwargs)


class ActivitySerializer(ModelSerializer):
    activity_type = CodeRelatedField("department_activity")
    activity_type_title = serializers.CharField(source="activity_type.title", read_only=True)
    month = MonthField(
        required=False,
        allow_null=True,
        help_text="Only for an activity without a single date; otherwise it is held_on's month.",
    )
    district = CodeRelatedField("district", required=False, allow_null=True)
    district_title = serializers.CharField(source="district.title", read_only=True, allow_null=True)
    participants_total = serializers.IntegerField(read_only=True)
    # Required when changing a record: the version it was read at (optimistic locking; 409 if stale).
    version = serializers.IntegerField(required=False)

    class Meta:
        model = Activity
        fields = [
            "id",
            *ACTIVITY_FIELDS,
            "activity_type_title",
            "district_title",
            "participants_total",
            *STATUS_FIELDS,
            "version",
            "created_at",
        ]
        # Confirming and reopening are actions of their own (…/confirm/, …/reopen/), never an edit.
        read_only_fields = ["id", *STATUS_FIELDS, "created_at"]
        extra_kwargs = {
            "participants_women": {"error_messages": {"min_value": NEGATIVE}},
            "participants_men": {"error_messages": {"min_value": NEGATIVE}},
            "staff_involved": {"error_messages": {"min_value": NEGATIVE}},
            "sessions": {"error_messages": {"min_value": _("An activity has at least one session.")}},
        }


class ActivityListApi(RecordListApi):
    """Department activities: search (`q`), filter by period (2026, 2026-Q2, 2026-06), type, district,
    the Department's part and status; sort. POST records one, awaiting a supervisor's confirmation."""

    queryset = activities_listed()
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter
    ordering_fields = ["month", "held_on", "title", "total_participants", "sessions", "created_at"]
    ordering = ["-month", "-held_on"]

    def create_record(self, values: dict) -> Activity:
        return activity_save(values=values, version=None, by=self.request.user)


class ActivityDetailApi(mixins.DestroyModelMixin, RecordDetailApi):
    """One activity. A confirmed one is changed by a supervisor only (403 otherwise). DELETE removes a
    draft recorded by mistake; a confirmed activity is reopened first."""

    queryset = activities_listed()
    serializer_class = ActivitySerializer

    def change_record(self, record: Activity, values: dict, version: int) -> Activity:
        return activity_save(activity=record, values=values, version=version, by=self.request.user)

    def delete(self, request: Request, *args, **kwargs) -> Response:
        return self.destroy(request, *args, **kwargs)

    def perform_destroy(self, instance: Activity) -> None:
        activity_delete(activity=instance, by=self.request.user)


class MayConfirm(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return request.user.has_perm(CONFIRM)


class ConfirmInput(serializers.Serializer):
    version = serializers.IntegerField(help_text="the version of the activity you read")


class ReopenInput(ConfirmInput):
    reason = serializers.CharField(max_length=500, help_text="why it is reopened (kept in its history)")


class ActivityConfirmApi(APIView):
    """A supervisor confirms a recorded activity: it counts in the reports from now on. 403 for an officer."""

    permission_classes = [IsAuthenticated, MFASatisfied, MayConfirm]

    @extend_schema(request=ConfirmInput, responses=ActivitySerializer)
    def post(self, request: Request, pk: int) -> Response:
        data = ConfirmInput(data=request.data)
        data.is_valid(raise_exception=True)
        activity = generics.get_object_or_404(activities_listed(), pk=pk)
        activity = activity_confirm(
            activity=activity, version=data.validated_data["version"], by=request.user
        )
        return Response(ActivitySerializer(activity).data)


class ActivityReopenApi(APIView):
    """A supervisor takes a confirmed activity back to a draft, saying why. 403 for an officer."""

    permission_classes = [IsAuthenticated, MFASatisfied, MayConfirm]

    @extend_schema(request=ReopenInput, responses=ActivitySerializer)
    def post(self, request: Request, pk: int) -> Response:
        data = ReopenInput(data=request.data)
        data.is_valid(raise_exception=True)
        activity = generics.get_object_or_404(activities_listed(), pk=pk)
        activity = activity_reopen(
            activity=activity,
            reason=data.validated_data["reason"],
            version=data.validated_data["version"],
            by=request.user,
        )
        return Response(ActivitySerializer(activity).data)
