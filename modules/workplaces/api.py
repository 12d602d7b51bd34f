from rest_framework import serializers

from clmis.api.serializers import ModelSerializer
from clmis.records.api import RecordDetailApi, RecordListApi
from modules.custom_fields.serializers import CustomValuesField
from modules.employers.models import Employer
from modules.reference.api_fields import CodeRelatedField
from modules.workplaces.listing import WorkplaceApiFilter
from modules.workplaces.models import Workplace
from modules.workplaces.selectors import workplaces_listed
from modules.workplaces.services import workplace_save

WORKPLACE_FIELDS = [
    "employer",
    "name",
    "isic",
    "street",
    "city",
    "district",
    "workers_women",
    "workers_men",
    "workers_as_of",
    "phone",
    "active",
]


class WorkplaceSerializer(ModelSerializer):
    employer = serializers.PrimaryKeyRelatedField(queryset=Employer.objects.all())
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    isic = CodeRelatedField("isic4", level=4, required=False, allow_null=True)
    isic_title = serializers.CharField(source="isic.title", read_only=True, allow_null=True)
    district = CodeRelatedField("district", required=False, allow_null=True)
    district_title = serializers.CharField(source="district.title", read_only=True, allow_null=True)
    workers_total = serializers.IntegerField(read_only=True)
    # Required when changing a record: the version it was read at (optimistic locking; 409 if stale).
    version = serializers.IntegerField(required=False)
    custom = CustomValuesField()

    class Meta:
        model = Workplace
        fields = [
            "id",
            *WORKPLACE_FIELDS,
            "employer_name",
            "isic_title",
            "district_title",
            "workers_total",
            "version",
            "created_at",
            "custom",
        ]
        read_only_fields = ["id", "created_at"]
        # Uniqueness is the service's (and the model's) to check, with the messages people read.
        validators = []


def _values(serializer: serializers.ModelSerializer) -> dict:
    return {name: value for name, value in serializer.validated_data.items() if name != "version"}


class WorkplaceListApi(RecordListApi):
    """Workplaces: search (`q`), filter by employer (`employer=<id>`), ISIC section, district, in operation.

    POST records a workplace of an employer; without `isic` it has the employer's economic activity.
    """

    queryset = workplaces_listed()
    serializer_class = WorkplaceSerializer
    filterset_class = WorkplaceApiFilter
    ordering_fields = ["name", "employer__name", "total_workers", "created_at"]
    ordering = ["employer__name", "name"]

    def create_record(self, values: dict) -> Workplace:
        return workplace_save(employer=values["employer"], values=values, version=None, by=self.request.user)


class WorkplaceDetailApi(RecordDetailApi):
    queryset = workplaces_listed()
    serializer_class = WorkplaceSerializer

    def change_record(self, record: Workplace, values: dict, version: int) -> Workplace:
        employer = values.get("employer", record.employer)
        return workplace_save(
            employer=employer, workplace=record, values=values, version=version, by=self.request.user
        )
