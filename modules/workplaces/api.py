from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from clmis.api.permissions import RECORD_PERMISSIONS
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


class WorkplaceSerializer(serializers.ModelSerializer):
    employer = serializers.PrimaryKeyRelatedField(queryset=Employer.objects.all())
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    isic = CodeRelatedField("isic4", level=4, required=False, allow_null=True)
    isic_title = serializers.CharField(source="isic.title", read_only=True, allow_null=True)
    district = CodeRelatedField("district", required=False, allow_null=True)
    district_title = serializers.CharField(source="district.title", read_only=True, allow_null=True)
    workers_total = serializers.IntegerField(read_only=True)
    # Required when changing a record: the version it was read at (optimistic locking; 409 if stale).
    version = serializers.IntegerField(required=False)

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
        ]
        read_only_fields = ["id", "created_at"]
        # Uniqueness is the service's (and the model's) to check, with the messages people read.
        validators = []


def _values(serializer: serializers.ModelSerializer) -> dict:
    return {name: value for name, value in serializer.validated_data.items() if name != "version"}


class WorkplaceListApi(generics.ListAPIView):
    """Workplaces: search (`q`), filter by employer (`employer=<id>`), ISIC section, district, in operation.

    POST records a workplace of an employer; without `isic` it has the employer's economic activity.
    """

    queryset = workplaces_listed()
    serializer_class = WorkplaceSerializer
    permission_classes = RECORD_PERMISSIONS
    filterset_class = WorkplaceApiFilter
    ordering_fields = ["name", "employer__name", "total_workers", "created_at"]
    ordering = ["employer__name", "name"]

    @extend_schema(request=WorkplaceSerializer, responses={201: WorkplaceSerializer})
    def post(self, request: Request) -> Response:
        data = WorkplaceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = _values(data)
        workplace = workplace_save(employer=values["employer"], values=values, version=None, by=request.user)
        return Response(WorkplaceSerializer(workplace).data, status=201)


class WorkplaceDetailApi(generics.RetrieveAPIView):
    """One workplace. PUT/PATCH need the `version` last read; a newer save answers 409 with what changed."""

    queryset = workplaces_listed()
    serializer_class = WorkplaceSerializer
    permission_classes = RECORD_PERMISSIONS

    @extend_schema(request=WorkplaceSerializer, responses=WorkplaceSerializer)
    def put(self, request: Request, pk: int) -> Response:
        return self._change(request, partial=False)

    @extend_schema(request=WorkplaceSerializer, responses=WorkplaceSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        return self._change(request, partial=True)

    def _change(self, request: Request, *, partial: bool) -> Response:
        workplace = self.get_object()
        data = WorkplaceSerializer(workplace, data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        version = data.validated_data.get("version")
        if version is None:
            raise serializers.ValidationError(
                {"version": [_("Send the version of the record you are changing.")]}
            )
        values = _values(data)
        workplace = workplace_save(
            employer=values.get("employer", workplace.employer),
            workplace=workplace,
            values=values,
            version=version,
            by=request.user,
        )
        return Response(WorkplaceSerializer(workplace).data)
