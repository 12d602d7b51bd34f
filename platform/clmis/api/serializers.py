"""The API's ModelSerializer: DRF's, with its fields built from the model once, not on every request."""

import copy

from django.utils import translation
from rest_framework import serializers

# The finished fields of each serializer class, per language (labels and messages are in it).
_BUILT: dict[tuple[type, str | None], dict[str, serializers.Field]] = {}


class ModelSerializer(serializers.ModelSerializer):
    """DRF's ModelSerializer, building its fields once per class and language and copying them for each use.

    DRF introspects the model whenever a serializer is made, which an API list does on every request:
    each field's arguments, its unique validators, its label. That took five times as long as copying
    the finished fields, and a fifth of an employers list page (docs/performance.md, benchmark 6).
    Nothing in the built fields depends on the request or the country: their querysets are evaluated
    when used, and the country's own checks (codes, custom fields) run when a value is validated.
    """

    def get_fields(self) -> dict[str, serializers.Field]:
        key = (type(self), translation.get_language())
        built = _BUILT.get(key)
        if built is None:
            built = _BUILT[key] = super().get_fields()
        return copy.deepcopy(built)
