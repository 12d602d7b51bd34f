from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from clmis.api.serializers import ModelSerializer
from clmis.records.api import PartDetailApi, PartListApi
from modules.casework.api import CASE_FIELDS, CaseDetailApi, CaseListApi, CaseSerializer
from modules.migrant_assistance.listing import AssistanceRequestFilter
from modules.migrant_assistance.models import REQUEST_TYPES, AssistanceAction, AssistanceRequest
from modules.migrant_assistance.selectors import assistance_requests_listed
from modules.migrant_assistance.services import (
    assistance_action_save,
    assistance_request_open,
    assistance_request_update,
)
from modules.reference.api_fields import CodeRelatedField

REQUEST_FIELDS = [
    "person_name",
    "person_sex",
    "birth_date",
    "nationality",
    "occupation",
    "phone",
    "email",
    "home_address",
    "contact_abroad",
    "destination",
    "employer_abroad_name",
    "employer_abroad_address",
    "agency_name",
    "departed_on",
    "still_abroad",
    "request_type",
    "description",
    "recruitment_cost",
    "monthly_earnings",
    "currency",
    "outcome",
    "outcome_notes",
]


class AssistanceRequestSerializer(CaseSerializer):
    nationality = CodeRelatedField(
        "iso3166", required=False, allow_null=True, help_text="ISO 3166 code; left out, this country's"
    )
    occupation = CodeRelatedField("isco08", level=4, required=False, allow_null=True)
    occupation_title = serializers.CharField(source="occupation.title", read_only=True, allow_null=True)
    destination = CodeRelatedField("iso3166", help_text="ISO 3166 code of the country of destination")
    destination_title = serializers.CharField(source="destination.title", read_only=True)
    request_type = CodeRelatedField(REQUEST_TYPES)
    request_type_title = serializers.CharField(source="request_type.title", read_only=True)
    cost_ratio = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        help_text="recruitment_cost ÷ monthly_earnings (SDG 10.7.1), when both are known",
    )

    class Meta(CaseSerializer.Meta):
        model = AssistanceRequest
        fields = [
            *CASE_FIELDS,
            *REQUEST_FIELDS,
            "occupation_title",
            "destination_title",
            "request_type_title",
            "cost_ratio",
        ]
        # The outcome is given when closing: POST /api/v1/cases/<id>/transitions/ with "values" (this
        # serializer validates them); an open request has none.
        extra_kwargs = {
            "recruitment_cost": {
                "error_messages": {"min_value": _("A recruitment cost cannot be negative.")}
            },
        }


class AssistanceRequestListApi(CaseListApi):
    """Requests for assistance abroad (Form 22): search (`q`: reference, name, employer or agency abroad),
    filters, sort. POST registers one."""

    queryset = assistance_requests_listed()
    serializer_class = AssistanceRequestSerializer
    filterset_class = AssistanceRequestFilter
    ordering_fields = ["reference", "opened_on", "due_on", "person_name", "departed_on"]
    ordering = ["-opened_on"]

    def create_record(self, values: dict) -> AssistanceRequest:
        return assistance_request_open(values=values, by=self.request.user)


class AssistanceRequestDetailApi(CaseDetailApi):
    queryset = assistance_requests_listed()
    serializer_class = AssistanceRequestSerializer

    def change_record(self, record: AssistanceRequest, values: dict, version: int) -> AssistanceRequest:
        return assistance_request_update(
            assistance_request=record, values=values, version=version, by=self.request.user
        )


class AssistanceActionSerializer(ModelSerializer):
    version = serializers.IntegerField(required=False)

    class Meta:
        model = AssistanceAction
        fields = ["id", "taken_on", "organisation", "organisation_name", "description", "version"]
        read_only_fields = ["id"]


class AssistanceActionListApi(PartListApi):
    """The actions taken for one request; POST records one (also on the request's timeline)."""

    serializer_class = AssistanceActionSerializer
    queryset = AssistanceAction.objects.none()
    parent = "assistance_request"
    save = staticmethod(assistance_action_save)


class AssistanceActionDetailApi(PartDetailApi):
    """One action; PUT/PATCH with the `version` last read."""

    serializer_class = AssistanceActionSerializer
    queryset = AssistanceAction.objects.select_related("assistance_request")
    parent = "assistance_request"
    part = "action"
    save = staticmethod(assistance_action_save)
