"""The country's custom fields over the API: list (filter by kind of record, kind, in use), add, change."""

from rest_framework import serializers

from clmis.api.serializers import ModelSerializer
from clmis.records.api import RecordDetailApi, RecordListApi
from modules.custom_fields.listing import CustomFieldFilter
from modules.custom_fields.models import CustomField
from modules.custom_fields.services import custom_field_save
from modules.reference.models import Classification


class CustomFieldSerializer(ModelSerializer):
    record = serializers.CharField(
        help_text="The kind of record, as app_label.model, e.g. complaints.complaint (a module in use)."
    )
    table = serializers.SlugRelatedField(
        slug_field="key",
        queryset=Classification.objects.all(),
        required=False,
        allow_null=True,
        help_text="For a choice: the key of a national code table.",
    )
    version = serializers.IntegerField(required=False)

    class Meta:
        model = CustomField
        fields = [
            "id",
            "record",
            "key",
            "label",
            "help_text",
            "kind",
            "table",
            "required",
            "in_list",
            "filter",
            "position",
            "active",
            "version",
        ]
        read_only_fields = ["id"]
        # The service refuses a second field with the same key, saying so as the pages do.
        validators = []


class CustomFieldListApi(RecordListApi):
    queryset = CustomField.objects.select_related("table")
    serializer_class = CustomFieldSerializer
    filterset_class = CustomFieldFilter
    ordering_fields = ["record", "key", "label", "position"]
    ordering = ["record", "position", "key"]

    def create_record(self, values: dict) -> CustomField:
        return custom_field_save(values=values, version=None, by=self.request.user)


class CustomFieldDetailApi(RecordDetailApi):
    queryset = CustomField.objects.select_related("table")
    serializer_class = CustomFieldSerializer

    def change_record(self, record: CustomField, values: dict, version: int) -> CustomField:
        return custom_field_save(field=record, values=values, version=version, by=self.request.user)
