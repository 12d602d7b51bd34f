"""The API of a register: list (filters, search, sort, pages) with POST, and one record with PUT/PATCH.

DRF's generic views do the request handling; a module subclasses them with its serializer, queryset
and filters, and says in `create_record()` / `change_record()` which of its services does the writing.
"""

from django.db.models import Model
from django.utils.translation import gettext as _
from rest_framework import generics, serializers

from clmis.api.permissions import RECORD_PERMISSIONS


def record_values(serializer: serializers.Serializer) -> dict:
    """The validated fields for a service, without the version (which travels separately)."""
    return {name: value for name, value in serializer.validated_data.items() if name != "version"}


class RecordListApi(generics.ListCreateAPIView):
    permission_classes = RECORD_PERMISSIONS
    # For the records of one parent (an employer's representatives): the parent's model, found by `pk`
    # in the URL; a parent that does not exist here answers 404, not an empty list.
    parent_model: type[Model] | None = None

    def parent(self) -> Model:
        return generics.get_object_or_404(self.parent_model, pk=self.kwargs["pk"])

    def filter_queryset(self, queryset):
        """As filtered and sorted by the request, then by id: pages never repeat or skip a record."""
        queryset = super().filter_queryset(queryset)
        return queryset.order_by(*(queryset.query.order_by or queryset.model._meta.ordering), "pk")

    def create_record(self, values: dict) -> Model:
        raise NotImplementedError

    def perform_create(self, serializer: serializers.Serializer) -> None:
        serializer.instance = self.create_record(record_values(serializer))


class RecordDetailApi(generics.RetrieveUpdateAPIView):
    """One record. PUT/PATCH need the `version` last read; a newer save answers 409 with what changed."""

    permission_classes = RECORD_PERMISSIONS

    def change_record(self, record: Model, values: dict, version: int) -> Model:
        raise NotImplementedError

    def perform_update(self, serializer: serializers.Serializer) -> None:
        version = serializer.validated_data.get("version")
        if version is None:
            message = _("Send the version of the record you are changing.")
            raise serializers.ValidationError({"version": [message]})
        serializer.instance = self.change_record(serializer.instance, record_values(serializer), version)
