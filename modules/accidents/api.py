from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from clmis.api.serializers import ModelSerializer
from clmis.records.api import PartDetailApi, PartListApi
from modules.accidents.listing import AccidentFilter
from modules.accidents.models import INSPECTION_CASE_TYPE, OLDEST, Accident, MedicalReport
from modules.accidents.selectors import accidents_listed
from modules.accidents.services import accident_register, accident_update, medical_report_save
from modules.casework.api import CASE_FIELDS, CaseDetailApi, CaseListApi, CaseSerializer
from modules.casework.models import Case
from modules.reference.api_fields import CodeRelatedField
from modules.workplaces.models import Workplace

NEGATIVE = _("A number of days cannot be negative.")
ACCIDENT_FIELDS = [
    "notified_on",
    "notified_by",
    "person_name",
    "person_sex",
    "person_birth_date",
    "person_age",
    "nationality",
    "occupation",
    "employer",
    "isic",
    "workplace",
    "occurred_on",
    "place",
    "description",
    "is_disease",
    "fatal",
    "injury_type",
    "body_part",
    "agency",
    "days_lost",
    "spot_findings",
    "inspection_visit",
]


class AccidentSerializer(CaseSerializer):
    nationality = CodeRelatedField("iso3166", required=False, allow_null=True)
    occupation = CodeRelatedField("isco08", level=4, required=False, allow_null=True)
    isic = CodeRelatedField(
        "isic4", level=4, required=False, allow_null=True, help_text="Left out: the employer's."
    )
    injury_type = CodeRelatedField("injury_type", required=False, allow_null=True)
    injury_type_title = serializers.CharField(source="injury_type.title", read_only=True, allow_null=True)
    body_part = CodeRelatedField("body_part", required=False, allow_null=True)
    agency = CodeRelatedField("accident_agency", required=False, allow_null=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    workplace = serializers.PrimaryKeyRelatedField(
        queryset=Workplace.objects.all(), required=False, allow_null=True
    )
    inspection_visit = serializers.SlugRelatedField(
        slug_field="reference",
        queryset=Case.objects.filter(case_type=INSPECTION_CASE_TYPE),
        required=False,
        allow_null=True,
        help_text="The reference number of the inspection at which the findings on the spot were made.",
    )

    class Meta(CaseSerializer.Meta):
        model = Accident
        fields = [*CASE_FIELDS, *ACCIDENT_FIELDS, "injury_type_title", "employer_name"]
        extra_kwargs = {
            "days_lost": {"error_messages": {"min_value": NEGATIVE}},
            "person_age": {"max_value": OLDEST},
        }


class AccidentListApi(CaseListApi):
    """Accidents and diseases: search (`q`: reference, person, employer), filters, sort. POST registers
    an employer's notification."""

    queryset = accidents_listed()
    serializer_class = AccidentSerializer
    filterset_class = AccidentFilter
    ordering_fields = ["reference", "opened_on", "occurred_on", "person_name", "days_lost"]
    ordering = ["-occurred_on"]

    def create_record(self, values: dict) -> Accident:
        return accident_register(values=values, by=self.request.user)


class AccidentDetailApi(CaseDetailApi):
    queryset = accidents_listed()
    serializer_class = AccidentSerializer

    def change_record(self, record: Accident, values: dict, version: int) -> Accident:
        return accident_update(accident=record, values=values, version=version, by=self.request.user)


class MedicalReportSerializer(ModelSerializer):
    version = serializers.IntegerField(required=False)

    class Meta:
        model = MedicalReport
        fields = ["id", "practitioner", "reported_on", "diagnosis", "days_incapacity", "version"]
        read_only_fields = ["id"]
        extra_kwargs = {"days_incapacity": {"error_messages": {"min_value": NEGATIVE}}}


class MedicalReportListApi(PartListApi):
    """The medical practitioners' reports of one case; POST records one (also on its timeline)."""

    serializer_class = MedicalReportSerializer
    queryset = MedicalReport.objects.none()
    parent = "accident"
    save = staticmethod(medical_report_save)


class MedicalReportDetailApi(PartDetailApi):
    serializer_class = MedicalReportSerializer
    queryset = MedicalReport.objects.select_related("accident")
    parent, part = "accident", "report"
    save = staticmethod(medical_report_save)
