"""The country's indicator package and partner agencies over the API."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from clmis.accounts.permissions import MFASatisfied
from clmis.api.permissions import holding
from clmis.api.serializers import ModelSerializer
from clmis.records.api import RecordDetailApi, RecordListApi
from modules.indicators.listing import AgencyFilter, IndicatorFilter
from modules.indicators.models import Agency, Indicator, Observation
from modules.indicators.selectors import agency_of, indicators_submittable
from modules.indicators.services import agency_save, indicator_save, observations_submit
from modules.indicators.submissions import SubmissionRefused


class AgencySerializer(ModelSerializer):
    version = serializers.IntegerField(required=False)

    class Meta:
        model = Agency
        fields = ["id", "name", "acronym", "kind", "email", "active", "version"]
        read_only_fields = ["id"]
        validators = []


class IndicatorSerializer(ModelSerializer):
    frequencies = serializers.ListField(child=serializers.ChoiceField(choices=Indicator.Frequency.choices))
    dimensions = serializers.ListField(
        child=serializers.ChoiceField(choices=Indicator.Dimension.choices), required=False
    )
    translations = serializers.DictField(
        child=serializers.DictField(child=serializers.CharField()),
        required=False,
        help_text='Names and definitions in other languages: {"nl": {"name": ..., "definition": ...}}',
    )
    agency_name = serializers.CharField(source="agency.name", read_only=True, allow_null=True)
    version = serializers.IntegerField(required=False)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "definition",
            "topic",
            "translations",
            "unit",
            "multiplier",
            "frequencies",
            "dimensions",
            "agency",
            "agency_name",
            "source",
            "computed_from",
            "harmonised",
            "ilostat_code",
            "sdg",
            "notes",
            "active",
            "version",
        ]
        read_only_fields = ["id", "harmonised", "computed_from", "ilostat_code"]
        validators = []


class IndicatorListApi(RecordListApi):
    """The package: filters `q`, `dimension`, `frequency`, `unit`, `agency`, `harmonised`, `computed`,
    `active`. POST adds a national-only indicator."""

    queryset = Indicator.objects.select_related("agency")
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    ordering_fields = ["code", "name", "unit"]
    ordering = ["code"]

    def create_record(self, values: dict) -> Indicator:
        return indicator_save(values=values, version=None, by=self.request.user)


class IndicatorDetailApi(RecordDetailApi):
    queryset = Indicator.objects.select_related("agency")
    serializer_class = IndicatorSerializer

    def change_record(self, record: Indicator, values: dict, version: int) -> Indicator:
        return indicator_save(indicator=record, values=values, version=version, by=self.request.user)


class AgencyListApi(RecordListApi):
    queryset = Agency.objects.all()
    serializer_class = AgencySerializer
    filterset_class = AgencyFilter
    ordering_fields = ["name", "acronym", "kind"]
    ordering = ["name"]

    def create_record(self, values: dict) -> Agency:
        return agency_save(values=values, version=None, by=self.request.user)


class AgencyDetailApi(RecordDetailApi):
    queryset = Agency.objects.all()
    serializer_class = AgencySerializer

    def change_record(self, record: Agency, values: dict, version: int) -> Agency:
        return agency_save(agency=record, values=values, version=version, by=self.request.user)


class SubmittedRowInput(serializers.Serializer):
    """One value, with the columns of the indicator's template: also one column per dimension of the
    indicator, named by its concept (SEX, AGE, ECO...), with its code or nothing for the total."""

    period = serializers.CharField(help_text="2025, 2025-Q1 or 2025-03, as the indicator's periodicity")
    value = serializers.CharField(help_text="a number, with a point for decimals")
    numerator = serializers.CharField(required=False)
    denominator = serializers.CharField(required=False)
    flag = serializers.CharField(required=False, help_text="ILOSTAT's observation flag (E, P, B...)")
    comment = serializers.CharField(
        required=False,
        help_text="why the value moved by more than half since the period before (then required)",
    )


class SubmittedValueOutput(ModelSerializer):
    class Meta:
        model = Observation
        fields = [
            "id",
            "period",
            "dimensions",
            "value",
            "numerator",
            "denominator",
            "flag",
            "comment",
            "state",
        ]


class IndicatorValuesApi(APIView):
    """Submit values of one of your agency's indicators, all of them or none: a list of rows. A refusal
    answers 400 with the errors by row (1 for the first) and column."""

    permission_classes = [IsAuthenticated, MFASatisfied, holding("indicators.add_observation")]

    @extend_schema(request=SubmittedRowInput(many=True), responses={201: SubmittedValueOutput(many=True)})
    def post(self, request: Request, pk: int) -> Response:
        indicator = generics.get_object_or_404(indicators_submittable(agency_of(request.user)), pk=pk)
        rows = request.data if isinstance(request.data, list) else [request.data]
        try:
            saved = observations_submit(indicator=indicator, rows=rows, by=request.user)
        except SubmissionRefused as refused:
            errors: dict[str, dict[str, list[str]]] = {}
            for error in refused.errors:
                row = "non_field_errors" if error.row is None else str(error.row)
                errors.setdefault(row, {}).setdefault(error.column or "non_field_errors", []).append(
                    error.message
                )
            raise serializers.ValidationError(errors) from refused
        return Response(SubmittedValueOutput(saved, many=True).data, status=201)
