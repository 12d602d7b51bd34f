from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from clmis.api.permissions import RECORD_PERMISSIONS
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


class TradeUnionSerializer(serializers.ModelSerializer):
    sectors = SectionsField(required=False)
    district = CodeRelatedField("district", required=False, allow_null=True)
    district_title = serializers.CharField(source="district.title", read_only=True, allow_null=True)
    members_total = serializers.IntegerField(read_only=True)
    # Required when changing a record: the version it was read at (optimistic locking; 409 if stale).
    version = serializers.IntegerField(required=False)

    class Meta:
        model = TradeUnion
        fields = ["id", *UNION_FIELDS, "members_total", "district_title", "version", "created_at"]
        read_only_fields = ["id", "created_at"]
        # Uniqueness is the service's (and the model's) to check, with the messages people read.
        validators = []


def _values(serializer: serializers.ModelSerializer) -> dict:
    return {name: value for name, value in serializer.validated_data.items() if name != "version"}


class UnionListApi(generics.ListAPIView):
    """The trade unions register: search (`q`), filter by sector (ISIC section letter), district, active."""

    queryset = unions_listed()
    serializer_class = TradeUnionSerializer
    permission_classes = RECORD_PERMISSIONS
    filterset_class = UnionFilter
    ordering_fields = ["name", "registration_number", "registered_on", "total_members", "created_at"]
    ordering = ["name"]

    @extend_schema(request=TradeUnionSerializer, responses={201: TradeUnionSerializer})
    def post(self, request: Request) -> Response:
        data = TradeUnionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        union = union_save(values=_values(data), version=None, by=request.user)
        return Response(TradeUnionSerializer(union).data, status=201)


class UnionDetailApi(generics.RetrieveAPIView):
    """One trade union. PUT/PATCH need the `version` last read; a newer save answers 409 with what changed."""

    queryset = unions_listed()
    serializer_class = TradeUnionSerializer
    permission_classes = RECORD_PERMISSIONS

    @extend_schema(request=TradeUnionSerializer, responses=TradeUnionSerializer)
    def put(self, request: Request, pk: int) -> Response:
        return self._change(request, partial=False)

    @extend_schema(request=TradeUnionSerializer, responses=TradeUnionSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        return self._change(request, partial=True)

    def _change(self, request: Request, *, partial: bool) -> Response:
        union = self.get_object()
        data = TradeUnionSerializer(union, data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        version = data.validated_data.get("version")
        if version is None:
            raise serializers.ValidationError(
                {"version": [_("Send the version of the record you are changing.")]}
            )
        union = union_save(union=union, values=_values(data), version=version, by=request.user)
        return Response(TradeUnionSerializer(union).data)
