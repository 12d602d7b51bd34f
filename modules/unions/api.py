from rest_framework import serializers

from clmis.api.serializers import ModelSerializer
from clmis.records.api import RecordDetailApi, RecordListApi
from modules.custom_fields.serializers import CustomValuesField
from modules.reference.api_fields import CodeRelatedField
from modules.unions.listing import UnionFilter
from modules.unions.models import TradeUnion
from modules.unions.selectors import unions_listed
from modules.unions.services import union_save

UNION_FIELDS = [
    "name",
    "acronym",
    "registration_number",
    "registered_on",
    "sectors",
    "members_women",
    "members_men",
    "membership_as_of",
    "contact_name",
    "contact_position",
    "street",
    "city",
    "district",
    "phone",
    "email",
    "active",
]


class SectionsField(serializers.ListField):
    """The ISIC sections of a union as their letters (["C", "I"]): what a client GETs it can PUT."""

    child = CodeRelatedField("isic4", level=1)

    def to_representation(self, data) -> list[str]:
        return super().to_representation(data.all() if hasattr(data, "all") else data)


class TradeUnionSerializer(ModelSerializer):
    sectors = SectionsField(required=False)
    district = CodeRelatedField("district", required=False, allow_null=True)
    district_title = serializers.CharField(source="district.title", read_only=True, allow_null=True)
    members_total = serializers.IntegerField(read_only=True)
    # Required when changing a record: the version it was read at (optimistic locking; 409 if stale).
    version = serializers.IntegerField(required=False)
    custom = CustomValuesField()

    class Meta:
        model = TradeUnion
        fields = ["id", *UNION_FIELDS, "members_total", "district_title", "version", "created_at", "custom"]
        read_only_fields = ["id", "created_at"]
        # Uniqueness is the service's (and the model's) to check, with the messages people read.
        validators = []


class UnionListApi(RecordListApi):
    """The trade unions register: search (`q`), filter by sector (ISIC section letter), district, active."""

    queryset = unions_listed()
    serializer_class = TradeUnionSerializer
    filterset_class = UnionFilter
    ordering_fields = ["name", "registration_number", "registered_on", "total_members", "created_at"]
    ordering = ["name"]

    def create_record(self, values: dict) -> TradeUnion:
        return union_save(values=values, version=None, by=self.request.user)


class UnionDetailApi(RecordDetailApi):
    queryset = unions_listed()
    serializer_class = TradeUnionSerializer

    def change_record(self, record: TradeUnion, values: dict, version: int) -> TradeUnion:
        return union_save(union=record, values=values, version=version, by=self.request.user)
