from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from clmis.api.serializers import ModelSerializer
from clmis.records.api import PartDetailApi, PartListApi
from modules.casework.api import CASE_FIELDS, CaseDetailApi, CaseListApi, CaseSerializer
from modules.complaints.listing import ComplaintFilter
from modules.complaints.models import Complaint, Hearing
from modules.complaints.selectors import complaints_listed
from modules.complaints.services import complaint_open, complaint_update, hearing_save
from modules.reference.api_fields import CodeRelatedField

NEGATIVE = _("An amount cannot be negative.")
COMPLAINT_FIELDS = [
    "complainant_name",
    "complainant_sex",
    "complainant_birth_date",
    "complainant_nationality",
    "complainant_phone",
    "complainant_email",
    "complainant_address",
    "occupation",
    "employer",
    "category",
    "description",
    "amount_claimed",
    "amount_recovered",
    "outcome",
    "settled_on",
    "referral",
]


class ComplaintSerializer(CaseSerializer):
    complainant_nationality = CodeRelatedField("iso3166", required=False, allow_null=True)
    occupation = CodeRelatedField("isco08", level=4, required=False, allow_null=True)
    occupation_title = serializers.CharField(source="occupation.title", read_only=True, allow_null=True)
    category = CodeRelatedField("complaint_category")
    category_title = serializers.CharField(source="category.title", read_only=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    new_employer = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        help_text="Instead of employer: the name of an employer not registered yet (registered with it).",
    )

    class Meta(CaseSerializer.Meta):
        model = Complaint
        fields = [
            *CASE_FIELDS,
            *COMPLAINT_FIELDS,
            "occupation_title",
            "category_title",
            "employer_name",
            "new_employer",
        ]
        extra_kwargs = {
            "employer": {"required": False, "allow_null": True},
            "amount_claimed": {"error_messages": {"min_value": NEGATIVE}},
            "amount_recovered": {"error_messages": {"min_value": NEGATIVE}},
        }


class ComplaintListApi(CaseListApi):
    """Complaints: search (`q`: reference, complainant, employer), filters, sort. POST registers one."""

    queryset = complaints_listed()
    serializer_class = ComplaintSerializer
    filterset_class = ComplaintFilter
    ordering_fields = ["reference", "opened_on", "due_on", "complainant_name", "amount_claimed"]
    ordering = ["-opened_on"]

    def create_record(self, values: dict) -> Complaint:
        return complaint_open(values=values, by=self.request.user)


class ComplaintDetailApi(CaseDetailApi):
    queryset = complaints_listed()
    serializer_class = ComplaintSerializer

    def change_record(self, record: Complaint, values: dict, version: int) -> Complaint:
        values.pop("new_employer", None)
        return complaint_update(complaint=record, values=values, version=version, by=self.request.user)


class HearingSerializer(ModelSerializer):
    version = serializers.IntegerField(required=False)

    class Meta:
        model = Hearing
        fields = ["id", "held_on", "place", "attended", "minutes", "version"]
        read_only_fields = ["id"]


class HearingListApi(PartListApi):
    """The hearings of one complaint; POST records one (also on the complaint's timeline)."""

    serializer_class = HearingSerializer
    queryset = Hearing.objects.none()
    parent = "complaint"
    save = staticmethod(hearing_save)


class HearingDetailApi(PartDetailApi):
    """One hearing; PUT/PATCH with the `version` last read."""

    serializer_class = HearingSerializer
    queryset = Hearing.objects.select_related("complaint")
    parent = "complaint"
    save = staticmethod(hearing_save)
