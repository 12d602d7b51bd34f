"""The country's indicator package and partner agencies over the API."""

from rest_framework import serializers

from clmis.records.api import RecordDetailApi, RecordListApi
from modules.indicators.listing import AgencyFilter, IndicatorFilter
from modules.indicators.models import Agency, Indicator
from modules.indicators.services import agency_save, indicator_save


class AgencySerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(required=False)

    class Meta:
        model = Agency
        fields = ["id", "name", "acronym", "kind", "email", "active", "version"]
        read_only_fields = ["id"]
        validators = []


class IndicatorSerializer(serializers.ModelSerializer):
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
