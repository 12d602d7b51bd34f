"""The API of a register: list (filters, search, sort, pages) with POST, and one record with PUT/PATCH.

DRF's generic views do the request handling; a module subclasses them with its serializer, queryset
and filters, and says in `create_record()` / `change_record()` which of its services does the writing.
What a record holds (an employer's representatives, a complaint's hearings) has PartListApi and
PartDetailApi, which need only the serializer, the part's field naming its record, and the service.
"""

from collections.abc import Callable

from django.db.models import Model
from django.utils.translation import gettext as _
from rest_framework import generics, serializers
from rest_framework.permissions import SAFE_METHODS

from clmis.api.permissions import RECORD_PERMISSIONS
from clmis.personal_data.selectors import withhold


def record_values(serializer: serializers.Serializer) -> dict:
    """The validated fields for a service, without the version (which travels separately)."""
    return {name: value for name, value in serializer.validated_data.items() if name != "version"}


class PersonalDataWithheld:
    """What an API view reads out has its personal fields withheld from a user who may not see them
    (clmis.personal_data); what it writes is never touched."""

    def get_serializer(self, *args, **kwargs):
        if args and self.request.method in SAFE_METHODS:
            instance = args[0]
            withhold(instance if kwargs.get("many") else (instance,), self.request.user)
        return super().get_serializer(*args, **kwargs)


class RecordListApi(PersonalDataWithheld, generics.ListCreateAPIView):
    permission_classes = RECORD_PERMISSIONS

    def filter_queryset(self, queryset):
        """As filtered and sorted by the request, then by id: pages never repeat or skip a record."""
        queryset = super().filter_queryset(queryset)
        return queryset.order_by(*(queryset.query.order_by or queryset.model._meta.ordering), "pk")

    def create_record(self, values: dict) -> Model:
        raise NotImplementedError

    def perform_create(self, serializer: serializers.Serializer) -> None:
        serializer.instance = self.create_record(record_values(serializer))


class RecordDetailApi(PersonalDataWithheld, generics.RetrieveUpdateAPIView):
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


class PartListApi(RecordListApi):
    """What one record holds, the record found by `pk` in the URL: one that is not here (another
    country's, or none) answers 404 rather than an empty list. POST adds one through `save`."""

    # The part's field naming its record ("complaint"), also the service's keyword for it.
    parent: str = ""
    # The module's service, as staticmethod(...): save(<parent>=record, values=, version=, by=).
    save: Callable[..., Model]

    def record(self) -> Model:
        model = self.serializer_class.Meta.model._meta.get_field(self.parent).related_model
        return generics.get_object_or_404(model, pk=self.kwargs["pk"])

    def get_queryset(self):
        return self.serializer_class.Meta.model.objects.filter(**{self.parent: self.record()})

    def create_record(self, values: dict) -> Model:
        return self.save(**{self.parent: self.record()}, values=values, version=None, by=self.request.user)


class PartDetailApi(RecordDetailApi):
    """One part of a record; PUT/PATCH with the `version` last read, through the same `save`."""

    parent: str = ""
    # The service's keyword for the part, when it is not the model's name ("report").
    part: str = ""
    save: Callable[..., Model]

    def change_record(self, record: Model, values: dict, version: int) -> Model:
        keywords = {self.parent: getattr(record, self.parent), self.part or record._meta.model_name: record}
        return self.save(**keywords, values=values, version=version, by=self.request.user)
