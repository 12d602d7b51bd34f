from rest_framework import serializers

from clmis.api.serializers import ModelSerializer
from clmis.records.api import PartDetailApi, PartListApi
from modules.casework.api import CASE_FIELDS, CaseDetailApi, CaseListApi, CaseSerializer
from modules.disputes.listing import DisputeFilter
from modules.disputes.models import Dispute, Meeting
from modules.disputes.selectors import disputes_listed
from modules.disputes.services import dispute_open, dispute_update, meeting_save
from modules.reference.api_fields import CodeRelatedField

DISPUTE_FIELDS = [
    "employer",
    "union",
    "workers_description",
    "workers_involved",
    "issues",
    "description",
    "reported_on",
    "next_meeting_on",
    "next_meeting_place",
    "referral",
    "outcome",
    "settled_on",
    "terms",
]


class IssuesField(serializers.ListField):
    """The issues of a dispute as their codes (["WAGES", "DISMISSAL"]): what a client GETs it can PUT."""

    child = CodeRelatedField("dispute_issue")

    def to_representation(self, data) -> list[str]:
        return super().to_representation(data.all() if hasattr(data, "all") else data)

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as error:
            # The messages themselves, not keyed by the wrong code's position in the list.
            detail = error.detail
            messages = [m for ms in detail.values() for m in ms] if isinstance(detail, dict) else detail
            raise serializers.ValidationError(messages) from error


class DisputeSerializer(CaseSerializer):
    issues = IssuesField(required=False, help_text="codes of the dispute_issue table; at least one")
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    union_name = serializers.CharField(source="union.name", read_only=True, allow_null=True)
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)

    class Meta(CaseSerializer.Meta):
        model = Dispute
        fields = [
            *CASE_FIELDS,
            *DISPUTE_FIELDS,
            "issue_codes",
            "employer_name",
            "union_name",
            "outcome_label",
        ]
        read_only_fields = [*CaseSerializer.Meta.read_only_fields, "issue_codes"]
        extra_kwargs = {
            "outcome": {"help_text": "set by the workflow from the closing state, or the referral"},
            "referral": {"help_text": "required to refer: tribunal or arbitration"},
            "settled_on": {"help_text": "required to settle (fully or partly)"},
            "terms": {"help_text": "required to settle (fully or partly)"},
        }


class DisputeListApi(CaseListApi):
    """Disputes: search (`q`: reference, employer, union, workers), filters, sort. POST registers one."""

    queryset = disputes_listed().prefetch_related("issues")
    serializer_class = DisputeSerializer
    filterset_class = DisputeFilter
    ordering_fields = [
        "reference",
        "opened_on",
        "due_on",
        "reported_on",
        "workers_involved",
        "next_meeting_on",
    ]
    ordering = ["-opened_on"]

    def create_record(self, values: dict) -> Dispute:
        return dispute_open(values=values, by=self.request.user)


class DisputeDetailApi(CaseDetailApi):
    queryset = disputes_listed().prefetch_related("issues")
    serializer_class = DisputeSerializer

    def change_record(self, record: Dispute, values: dict, version: int) -> Dispute:
        return dispute_update(dispute=record, values=values, version=version, by=self.request.user)


class MeetingSerializer(ModelSerializer):
    version = serializers.IntegerField(required=False)
    next_meeting_on = serializers.DateField(
        write_only=True, required=False, allow_null=True, help_text="adjourned to: the dispute's next meeting"
    )
    next_meeting_place = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "held_on",
            "place",
            "attended_employer",
            "attended_workers",
            "attended_department",
            "minutes",
            "next_meeting_on",
            "next_meeting_place",
            "version",
        ]
        read_only_fields = ["id"]


class MeetingListApi(PartListApi):
    """The conciliation meetings of one dispute; POST records one (also on the dispute's timeline)."""

    serializer_class = MeetingSerializer
    queryset = Meeting.objects.none()
    parent = "dispute"
    save = staticmethod(meeting_save)


class MeetingDetailApi(PartDetailApi):
    """One meeting; PUT/PATCH with the `version` last read."""

    serializer_class = MeetingSerializer
    queryset = Meeting.objects.select_related("dispute")
    parent = "dispute"
    save = staticmethod(meeting_save)
