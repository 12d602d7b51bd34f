from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty

from modules.custom_fields.values import values_from_api


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": True,
        "description": "The values of the country's own fields for this kind of record, by key "
        "(see /api/v1/custom-fields/): text, a number, a date as YYYY-MM-DD, a code, or true/false. "
        "Keys left out keep their values; null empties one.",
    }
)
class CustomValuesField(serializers.Field):
    """A record's `custom` values in the API, checked against the country's custom fields as its form
    checks them. Sent or not, a create or full update checks the required ones."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def run_validation(self, data=empty):
        if data is empty and not self.root.partial:
            data = {}
        return super().run_validation(data)

    def to_representation(self, value: dict) -> dict:
        return dict(value or {})

    def to_internal_value(self, data: object) -> dict:
        if not isinstance(data, dict):
            raise serializers.ValidationError("Send an object of values by key.")
        serializer = self.parent
        existing = serializer.instance.custom if serializer.instance is not None else {}
        try:
            return values_from_api(serializer.Meta.model, data, existing, partial=self.root.partial)
        except ValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
