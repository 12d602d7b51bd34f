from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from modules.casework.api import CASE_FIELDS, CaseDetailApi, CaseListApi, CaseSerializer
from modules.casework.models import Case
from modules.reference.api_fields import CodeRelatedField
from modules.work_permits.listing import WorkPermitFilter
from modules.work_permits.models import VACANCY_CASE_TYPE, WorkPermit
from modules.work_permits.selectors import permits_listed
from modules.work_permits.services import permit_apply, permit_update

PERMIT_FIELDS = [
    "employer",
    "position",
    "occupation",
    "duration_months",
    "monthly_salary",
    "currency",
    "worker_name",
    "worker_sex",
    "worker_birth_date",
    "citizenship",
    "country_of_birth",
    "passport_number",
    "education_level",
    "qualifications",
    "vacancy_advertised",
    "advertised_on",
    "advertised_vacancy",
    "no_suitable_national",
    "labour_market_note",
    "renewal_of",
    "decided_on",
    "refusal_reason",
    "decision_notes",
    "permit_number",
    "valid_from",
    "valid_until",
]


class WorkPermitSerializer(CaseSerializer):
    occupation = CodeRelatedField("isco08", level=4)
    occupation_title = serializers.CharField(source="occupation.title", read_only=True)
    citizenship = CodeRelatedField("iso3166")
    citizenship_title = serializers.CharField(source="citizenship.title", read_only=True)
    country_of_birth = CodeRelatedField("iso3166")
    education_level = CodeRelatedField("education_level", required=False, allow_null=True)
    refusal_reason = CodeRelatedField(
        "permit_refusal_reason",
        required=False,
        allow_null=True,
        help_text="Set by refusing (a value of the refuse transition).",
    )
    refusal_reason_title = serializers.CharField(
        source="refusal_reason.title", read_only=True, allow_null=True
    )
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    advertised_vacancy = serializers.SlugRelatedField(
        slug_field="reference",
        queryset=Case.objects.filter(case_type=VACANCY_CASE_TYPE),
        required=False,
        allow_null=True,
        help_text="The reference number of the vacancy, where the vacancies module is used.",
    )
    renewal_of = serializers.PrimaryKeyRelatedField(
        queryset=WorkPermit.objects.all(),
        required=False,
        allow_null=True,
        help_text="The id of the approved permit this application renews.",
    )

    class Meta(CaseSerializer.Meta):
        model = WorkPermit
        fields = [
            *CASE_FIELDS,
            *PERMIT_FIELDS,
            "occupation_title",
            "citizenship_title",
            "refusal_reason_title",
            "employer_name",
        ]
        read_only_fields = [*CaseSerializer.Meta.read_only_fields, "permit_number"]
        extra_kwargs = {
            "monthly_salary": {"error_messages": {"min_value": _("The salary cannot be negative.")}},
            "duration_months": {
                "error_messages": {
                    "min_value": _("A permit is for at least one month."),
                    # DRF fills in {max_value} when it refuses: the text stays lazy, in the reader's language.
                    "max_value": _("A permit is for {max_value} months at most."),
                }
            },
            "decided_on": {"help_text": "Set by approving or refusing (today unless given)."},
            "valid_from": {"help_text": "Set by approving (a required value of the approve transition)."},
            "valid_until": {"help_text": "Set by approving (a required value of the approve transition)."},
        }


class WorkPermitListApi(CaseListApi):
    """Work permit applications: search (`q`: reference, worker, passport, employer, permit number),
    filters, sort. POST registers an application; decisions are transitions (/api/v1/cases/<id>/)."""

    queryset = permits_listed()
    serializer_class = WorkPermitSerializer
    filterset_class = WorkPermitFilter
    ordering_fields = ["reference", "opened_on", "decided_on", "valid_until", "worker_name"]
    ordering = ["-opened_on"]

    def create_record(self, values: dict) -> WorkPermit:
        return permit_apply(values=values, by=self.request.user)


class WorkPermitDetailApi(CaseDetailApi):
    queryset = permits_listed()
    serializer_class = WorkPermitSerializer

    def change_record(self, record: WorkPermit, values: dict, version: int) -> WorkPermit:
        return permit_update(permit=record, values=values, version=version, by=self.request.user)
