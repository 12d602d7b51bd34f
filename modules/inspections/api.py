from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from clmis.api.permissions import RECORD_PERMISSIONS
from clmis.api.serializers import ModelSerializer
from clmis.records.api import PartDetailApi, PartListApi, RecordListApi
from modules.casework.api import CASE_FIELDS, CaseDetailApi, CaseListApi, CaseSerializer
from modules.casework.models import Case
from modules.inspections.listing import InspectionFilter
from modules.inspections.models import (
    COMPLAINT_CASE_TYPE,
    ChecklistItem,
    Inspection,
    Notice,
    Penalty,
    Violation,
)
from modules.inspections.selectors import AREA_TABLE, inspections_with_links
from modules.inspections.services import (
    checklist_record,
    inspection_follow_up,
    inspection_open,
    inspection_update,
    notice_save,
    penalty_save,
    violation_save,
)
from modules.reference.api_fields import CodeRelatedField
from modules.workplaces.models import Workplace

NEGATIVE = _("An amount cannot be negative.")
INSPECTION_FIELDS = [
    "kind",
    "workplace",
    "employer",
    "isic",
    "prompted_by",
    "previous",
    "inspectors",
    "visited_on",
    "workers_women",
    "workers_men",
    "findings",
]


class InspectionSerializer(CaseSerializer):
    workplace = serializers.PrimaryKeyRelatedField(queryset=Workplace.objects.select_related("employer"))
    workplace_name = serializers.CharField(source="workplace.name", read_only=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    isic = CodeRelatedField("isic4", read_only=True, allow_null=True)
    prompted_by = serializers.SlugRelatedField(
        slug_field="reference",
        queryset=Case.objects.filter(case_type=COMPLAINT_CASE_TYPE),
        required=False,
        allow_null=True,
        help_text="The reference number of the complaint that led to the inspection (complaint-driven).",
    )
    previous = serializers.SlugRelatedField(
        slug_field="reference",
        queryset=Inspection.objects.all(),
        required=False,
        allow_null=True,
        help_text="For a follow-up visit: the reference number of the earlier inspection.",
    )
    inspectors = serializers.SlugRelatedField(
        slug_field="username",
        many=True,
        required=False,
        queryset=get_user_model().objects.filter(is_active=True),
        help_text="Usernames of the officers taking part besides the lead (the assigned officer).",
    )
    workers_present = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta(CaseSerializer.Meta):
        model = Inspection
        fields = [*CASE_FIELDS, *INSPECTION_FIELDS, "workplace_name", "employer_name", "workers_present"]
        read_only_fields = [*CaseSerializer.Meta.read_only_fields, "employer"]


class InspectionListApi(CaseListApi):
    """Inspections: search (`q`: reference, employer, workplace), filters, sort. POST plans one."""

    queryset = inspections_with_links()
    serializer_class = InspectionSerializer
    filterset_class = InspectionFilter
    ordering_fields = ["reference", "opened_on", "due_on", "visited_on", "kind"]
    ordering = ["-opened_on"]

    def create_record(self, values: dict) -> Inspection:
        return inspection_open(values=values, by=self.request.user)


class InspectionDetailApi(CaseDetailApi):
    queryset = inspections_with_links()
    serializer_class = InspectionSerializer

    def change_record(self, record: Inspection, values: dict, version: int) -> Inspection:
        return inspection_update(inspection=record, values=values, version=version, by=self.request.user)


class FollowUpInput(serializers.Serializer):
    due_on = serializers.DateField(required=False, allow_null=True)
    opened_on = serializers.DateField(required=False)


class FollowUpApi(APIView):
    """Plan a follow-up visit of a visited inspection: a new inspection of kind follow-up, linked to it."""

    permission_classes = RECORD_PERMISSIONS
    queryset = Inspection.objects.none()  # for the model permissions: adding an inspection

    @extend_schema(request=FollowUpInput, responses={201: InspectionSerializer})
    def post(self, request: Request, pk: int) -> Response:
        inspection = generics.get_object_or_404(Inspection, pk=pk)
        data = FollowUpInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = {name: value for name, value in data.validated_data.items() if value is not None}
        follow_up = inspection_follow_up(inspection=inspection, values=values, by=request.user)
        output = InspectionSerializer(follow_up, context={"request": request})
        return Response(output.data, status=status.HTTP_201_CREATED)


# --- what is recorded beside an inspection ----------------------------------------------------------------


class ChecklistItemSerializer(ModelSerializer):
    area = CodeRelatedField(AREA_TABLE)
    area_title = serializers.CharField(source="area.title", read_only=True)
    version = serializers.IntegerField(required=False)

    class Meta:
        model = ChecklistItem
        fields = ["id", "area", "area_title", "finding", "note", "version"]
        read_only_fields = ["id"]
        validators = []


class ChecklistApi(RecordListApi):
    """The inspection's checklist. POST records the finding for one area (with the `version` of its item
    as read, if the area is on the checklist already); the change is on the inspection's timeline."""

    serializer_class = ChecklistItemSerializer
    queryset = ChecklistItem.objects.none()
    pagination_class = None

    def get_queryset(self):
        inspection = generics.get_object_or_404(Inspection, pk=self.kwargs["pk"])
        return inspection.checklist.select_related("area")

    def perform_create(self, serializer: serializers.Serializer) -> None:
        inspection = generics.get_object_or_404(Inspection, pk=self.kwargs["pk"])
        data = dict(serializer.validated_data)
        area, version = data.pop("area"), data.pop("version", None)
        if version is None and inspection.checklist.filter(area=area).exists():
            message = _("Send the version of the checklist item you are changing.")
            raise serializers.ValidationError({"version": [message]})
        checklist_record(inspection=inspection, entries=[(area, data, version)], by=self.request.user)
        serializer.instance = inspection.checklist.get(area=area)


class ViolationSerializer(ModelSerializer):
    area = CodeRelatedField(AREA_TABLE)
    area_title = serializers.CharField(source="area.title", read_only=True)
    version = serializers.IntegerField(required=False)

    class Meta:
        model = Violation
        fields = ["id", "area", "area_title", "provision", "description", "version"]
        read_only_fields = ["id"]


class ViolationListApi(PartListApi):
    """The violations found at an inspection; POST records one (also on the inspection's timeline)."""

    serializer_class = ViolationSerializer
    queryset = Violation.objects.none()
    parent = "inspection"
    save = staticmethod(violation_save)


class ViolationDetailApi(PartDetailApi):
    serializer_class = ViolationSerializer
    queryset = Violation.objects.select_related("inspection", "area")
    parent = "inspection"
    save = staticmethod(violation_save)


class NoticeSerializer(ModelSerializer):
    version = serializers.IntegerField(required=False)

    class Meta:
        model = Notice
        fields = ["id", "kind", "requirement", "deadline", "complied_on", "version"]
        read_only_fields = ["id"]


class NoticeListApi(PartListApi):
    """The orders and notices given at an inspection; POST records one (also on the timeline)."""

    serializer_class = NoticeSerializer
    queryset = Notice.objects.none()
    parent = "inspection"
    save = staticmethod(notice_save)


class NoticeDetailApi(PartDetailApi):
    """One notice: PATCH `complied_on` when the employer has done what it required."""

    serializer_class = NoticeSerializer
    queryset = Notice.objects.select_related("inspection")
    parent = "inspection"
    save = staticmethod(notice_save)


class PenaltySerializer(ModelSerializer):
    amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, error_messages={"min_value": NEGATIVE}
    )
    version = serializers.IntegerField(required=False)

    class Meta:
        model = Penalty
        fields = ["id", "amount", "imposed_on", "paid_on", "version"]
        read_only_fields = ["id"]


class PenaltyListApi(PartListApi):
    """The penalties imposed after an inspection; POST records one (also on the timeline)."""

    serializer_class = PenaltySerializer
    queryset = Penalty.objects.none()
    parent = "inspection"
    save = staticmethod(penalty_save)


class PenaltyDetailApi(PartDetailApi):
    """One penalty: PATCH `paid_on` when it is paid."""

    serializer_class = PenaltySerializer
    queryset = Penalty.objects.select_related("inspection")
    parent = "inspection"
    save = staticmethod(penalty_save)
