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


class CodeListField(serializers.ListField):
    """Several codes of a classification (a many-to-many), written and read as a list of code strings
    (["DRIVING", "WELDING"]): what a client GETs it can PUT. A wrong code is refused with suggestions."""

    def __init__(self, classification: str, *, level: int | None = None, **kwargs):
        kwargs["child"] = CodeRelatedField(classification, level=level)
        super().__init__(**kwargs)

    def to_representation(self, data) -> list[str]:
        return super().to_representation(data.all() if hasattr(data, "all") else data)

    def to_internal_value(self, data) -> list[Code]:
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as error:
            # The messages themselves, not keyed by the wrong code's position in the list.
            detail = error.detail
            messages = [m for ms in detail.values() for m in ms] if isinstance(detail, dict) else detail
            raise serializers.ValidationError(messages) from error
