from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from modules.reference.fields import unknown_code_message
from modules.reference.models import Code
from modules.reference.selectors import code_lookup


@extend_schema_field(OpenApiTypes.STR)
class CodeRelatedField(serializers.Field):
    """A code of a classification, written and read as the code ("5510"): what a client GETs it can PUT.

    Serializers add a read-only `<field>_title` beside it for people.
    """

    def __init__(self, classification: str, *, level: int | None = None, **kwargs):
        self.classification, self.level = classification, level
        super().__init__(**kwargs)

    def to_representation(self, value: Code) -> str:
        return value.code

    def to_internal_value(self, data) -> Code:
        code = code_lookup(self.classification, str(data)) if data not in (None, "") else None
        if code is None or not code.active or (self.level is not None and code.level != self.level):
            raise serializers.ValidationError(
                unknown_code_message(self.classification, str(data), self.level)
            )
        return code
