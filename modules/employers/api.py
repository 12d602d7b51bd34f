from rest_framework import serializers

from clmis.api.serializers import ModelSerializer
from clmis.records.api import PartDetailApi, PartListApi, RecordDetailApi, RecordListApi
from modules.custom_fields.serializers import CustomValuesField
from modules.employers.listing import EmployerFilter
from modules.employers.models import Employer, Representative
from modules.employers.selectors import employers_listed
from modules.employers.services import employer_save, representative_save
from modules.reference.api_fields import CodeRelatedField

EMPLOYER_FIELDS = [
    "name",
    "registration_number",
    "nis_number",
    "isic",
    "size_band",
    "street",
    "city",
    "district",
    "phone",
    "email",
    "active",
]


class EmployerSerializer(ModelSerializer):
    isic = CodeRelatedField("isic4", level=4, required=False, allow_null=True)
    isic_title = serializers.CharField(source="isic.title", read_only=True, allow_null=True)
    district = CodeRelatedField("district", required=False, allow_null=True)
    district_title = serializers.CharField(source="district.title", read_only=True, allow_null=True)
    # Required when changing a record: the version it was read at (optimistic locking; 409 if stale).
    version = serializers.IntegerField(required=False)
    custom = CustomValuesField()

    class Meta:
        model = Employer
        fields = ["id", *EMPLOYER_FIELDS, "isic_title", "district_title", "version", "created_at", "custom"]
        read_only_fields = ["id", "created_at"]
        # Uniqueness is the service's (and the model's) to check, with the messages people read.
        validators = []


class RepresentativeSerializer(ModelSerializer):
    version = serializers.IntegerField(required=False)

    class Meta:
        model = Representative
        fields = ["id", "name", "position", "phone", "email", "version"]
        read_only_fields = ["id"]


class EmployerListApi(RecordListApi):
    """The employers register: search (`q`), filter by ISIC section, size, district, in business; sort."""

    queryset = employers_listed()
    serializer_class = EmployerSerializer
    filterset_class = EmployerFilter
    ordering_fields = ["name", "registration_number", "size_band", "created_at"]
    ordering = ["name"]

    def create_record(self, values: dict) -> Employer:
        return employer_save(values=values, version=None, by=self.request.user)


class EmployerDetailApi(RecordDetailApi):
    queryset = employers_listed()
    serializer_class = EmployerSerializer

    def change_record(self, record: Employer, values: dict, version: int) -> Employer:
        return employer_save(employer=record, values=values, version=version, by=self.request.user)


class RepresentativeListApi(PartListApi):
    """The representatives of one employer; POST adds one."""

    serializer_class = RepresentativeSerializer
    queryset = Representative.objects.none()  # for the permission check; get_queryset narrows to the employer
    parent = "employer"
    save = staticmethod(representative_save)


class RepresentativeDetailApi(PartDetailApi):
    """One representative; PUT/PATCH with the `version` last read."""

    serializer_class = RepresentativeSerializer
    queryset = Representative.objects.select_related("employer")
    parent = "employer"
    save = staticmethod(representative_save)
