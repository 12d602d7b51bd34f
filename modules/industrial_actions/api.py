from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from modules.casework.api import CASE_FIELDS, CaseDetailApi, CaseListApi, CaseSerializer
from modules.industrial_actions.listing import IndustrialActionFilter
from modules.industrial_actions.models import IndustrialAction
from modules.industrial_actions.selectors import industrial_actions_listed
from modules.industrial_actions.services import industrial_action_open, industrial_action_update
from modules.reference.api_fields import CodeRelatedField

ACTION_FIELDS = [
    "action_type",
    "employer",
    "workplace",
    "isic",
    "union",
    "notified_by",
    "workers_women",
    "workers_men",
    "started_on",
    "ended_on",
    "days_not_worked",
    "cause",
    "description",
    "outcome",
]


class DaysSuggestedSerializer(serializers.Serializer):
    days = serializers.DecimalField(max_digits=12, decimal_places=1)
    workers = serializers.IntegerField()
    working_days = serializers.IntegerField()
    so_far = serializers.BooleanField()


class IndustrialActionSerializer(CaseSerializer):
    isic = CodeRelatedField(
        "isic4",
        level=4,
        required=False,
        allow_null=True,
        help_text="the establishment's or employer's if empty",
    )
    isic_title = serializers.CharField(source="isic.title", read_only=True, allow_null=True)
    cause = CodeRelatedField("industrial_action_cause")
    cause_title = serializers.CharField(source="cause.title", read_only=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    workplace_name = serializers.CharField(source="workplace.name", read_only=True, allow_null=True)
    union_name = serializers.CharField(source="union.name", read_only=True, allow_null=True)
    workers_total = serializers.IntegerField(read_only=True)
    days_not_worked_suggested = DaysSuggestedSerializer(
        read_only=True,
        allow_null=True,
        help_text="workers involved × working days (Monday to Friday) from start to end, or to today",
    )

    class Meta(CaseSerializer.Meta):
        model = IndustrialAction
        fields = [
            *CASE_FIELDS,
            *ACTION_FIELDS,
            "isic_title",
            "cause_title",
            "employer_name",
            "workplace_name",
            "union_name",
            "workers_total",
            "days_not_worked_suggested",
        ]
        extra_kwargs = {
            "employer": {"required": False, "allow_null": True},
            "days_not_worked": {"error_messages": {"min_value": _("Days not worked cannot be negative.")}},
        }


class IndustrialActionListApi(CaseListApi):
    """Industrial actions: search (`q`: reference, employer, establishment, union), filters (type, cause,
    ISIC section, start dates), sort. POST registers one."""

    queryset = industrial_actions_listed()
    serializer_class = IndustrialActionSerializer
    filterset_class = IndustrialActionFilter
    ordering_fields = ["reference", "opened_on", "due_on", "started_on", "ended_on", "days_not_worked"]
    ordering = ["-started_on"]

    def create_record(self, values: dict) -> IndustrialAction:
        return industrial_action_open(values=values, by=self.request.user)


class IndustrialActionDetailApi(CaseDetailApi):
    queryset = industrial_actions_listed()
    serializer_class = IndustrialActionSerializer

    def change_record(self, record: IndustrialAction, values: dict, version: int) -> IndustrialAction:
        return industrial_action_update(action=record, values=values, version=version, by=self.request.user)
