from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from clmis.api.serializers import ModelSerializer
from clmis.records.api import PartDetailApi, PartListApi
from modules.casework.api import CASE_FIELDS, CaseDetailApi, CaseListApi, CaseSerializer
from modules.redundancies.listing import RedundancyFilter
from modules.redundancies.models import AffectedGroup, Redundancy
from modules.redundancies.selectors import redundancies_listed
from modules.redundancies.services import affected_group_save, redundancy_notify, redundancy_update
from modules.reference.api_fields import CodeRelatedField

NEGATIVE_WORKERS = _("A number of workers cannot be negative.")


class RedundancySerializer(CaseSerializer):
    reason = CodeRelatedField("redundancy_reason")
    reason_title = serializers.CharField(source="reason.title", read_only=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    workers_affected = serializers.IntegerField(read_only=True)

    class Meta(CaseSerializer.Meta):
        model = Redundancy
        fields = [
            *CASE_FIELDS,
            "employer",
            "employer_name",
            "notified_on",
            "effective_on",
            "reason",
            "reason_title",
            "description",
            "severance_total",
            "concluded_on",
            "women_affected",
            "men_affected",
            "workers_affected",
        ]
        read_only_fields = [*CaseSerializer.Meta.read_only_fields, "women_affected", "men_affected"]
        extra_kwargs = {
            "severance_total": {"error_messages": {"min_value": _("An amount cannot be negative.")}},
            "concluded_on": {"help_text": "required to conclude"},
            "women_affected": {"help_text": "the women of the groups affected, added up"},
            "men_affected": {"help_text": "the men of the groups affected, added up"},
        }


class RedundancyListApi(CaseListApi):
    """Redundancies notified: search (`q`: reference, employer), filters, sort. POST registers one."""

    queryset = redundancies_listed()
    serializer_class = RedundancySerializer
    filterset_class = RedundancyFilter
    ordering_fields = [
        "reference",
        "opened_on",
        "notified_on",
        "effective_on",
        "women_affected",
        "men_affected",
    ]
    ordering = ["-notified_on"]

    def create_record(self, values: dict) -> Redundancy:
        return redundancy_notify(values=values, by=self.request.user)


class RedundancyDetailApi(CaseDetailApi):
    queryset = redundancies_listed()
    serializer_class = RedundancySerializer

    def change_record(self, record: Redundancy, values: dict, version: int) -> Redundancy:
        return redundancy_update(redundancy=record, values=values, version=version, by=self.request.user)


class AffectedGroupSerializer(ModelSerializer):
    occupation = CodeRelatedField("isco08", level=4)
    occupation_title = serializers.CharField(source="occupation.title", read_only=True)
    total = serializers.IntegerField(read_only=True)
    version = serializers.IntegerField(required=False)

    class Meta:
        model = AffectedGroup
        fields = ["id", "occupation", "occupation_title", "women", "men", "total", "version"]
        read_only_fields = ["id"]
        # One group per occupation is the model's to check, with the message people read.
        validators = []
        extra_kwargs = {
            "women": {"error_messages": {"min_value": NEGATIVE_WORKERS}},
            "men": {"error_messages": {"min_value": NEGATIVE_WORKERS}},
        }


class AffectedGroupListApi(PartListApi):
    """The workers affected by one redundancy, by occupation and sex; POST records a group (the
    redundancy's totals follow)."""

    serializer_class = AffectedGroupSerializer
    queryset = AffectedGroup.objects.none()
    parent = "redundancy"
    save = staticmethod(affected_group_save)


class AffectedGroupDetailApi(PartDetailApi):
    """One group of workers affected; PUT/PATCH with the `version` last read."""

    serializer_class = AffectedGroupSerializer
    queryset = AffectedGroup.objects.select_related("redundancy", "occupation")
    parent = "redundancy"
    part = "group"
    save = staticmethod(affected_group_save)
