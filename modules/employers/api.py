from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from clmis.api.permissions import RECORD_PERMISSIONS
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


class EmployerSerializer(serializers.ModelSerializer):
    isic = CodeRelatedField("isic4", level=4, required=False, allow_null=True)
    isic_title = serializers.CharField(source="isic.title", read_only=True, allow_null=True)
    district = CodeRelatedField("district", required=False, allow_null=True)
    district_title = serializers.CharField(source="district.title", read_only=True, allow_null=True)
    # Required when changing a record: the version it was read at (optimistic locking; 409 if stale).
    version = serializers.IntegerField(required=False)

    class Meta:
        model = Employer
        fields = ["id", *EMPLOYER_FIELDS, "isic_title", "district_title", "version", "created_at"]
        read_only_fields = ["id", "created_at"]
        # Uniqueness is the service's (and the model's) to check, with the messages people read.
        validators = []


class RepresentativeSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(required=False)

    class Meta:
        model = Representative
        fields = ["id", "name", "position", "phone", "email", "version"]
        read_only_fields = ["id"]


def _values(serializer: serializers.ModelSerializer) -> dict:
    return {name: value for name, value in serializer.validated_data.items() if name != "version"}


class EmployerListApi(generics.ListAPIView):
    """The employers register: search (`q`), filter by ISIC section, size, district, in business; sort."""

    queryset = employers_listed()
    serializer_class = EmployerSerializer
    permission_classes = RECORD_PERMISSIONS
    filterset_class = EmployerFilter
    ordering_fields = ["name", "registration_number", "size_band", "created_at"]
    ordering = ["name"]

    @extend_schema(request=EmployerSerializer, responses={201: EmployerSerializer})
    def post(self, request: Request) -> Response:
        data = EmployerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        employer = employer_save(values=_values(data), version=None, by=request.user)
        return Response(EmployerSerializer(employer).data, status=201)


class EmployerDetailApi(generics.RetrieveAPIView):
    """One employer. PUT/PATCH need the `version` last read; a newer save answers 409 with what changed."""

    queryset = employers_listed()
    serializer_class = EmployerSerializer
    permission_classes = RECORD_PERMISSIONS

    @extend_schema(request=EmployerSerializer, responses=EmployerSerializer)
    def put(self, request: Request, pk: int) -> Response:
        return self._change(request, partial=False)

    @extend_schema(request=EmployerSerializer, responses=EmployerSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        return self._change(request, partial=True)

    def _change(self, request: Request, *, partial: bool) -> Response:
        employer = self.get_object()
        data = EmployerSerializer(employer, data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        version = data.validated_data.get("version")
        if version is None:
            raise serializers.ValidationError(
                {"version": ["Send the version of the record you are changing."]}
            )
        employer = employer_save(employer=employer, values=_values(data), version=version, by=request.user)
        return Response(EmployerSerializer(employer).data)


class RepresentativeListApi(generics.ListAPIView):
    """The representatives of one employer; POST adds one."""

    serializer_class = RepresentativeSerializer
    permission_classes = RECORD_PERMISSIONS
    queryset = Representative.objects.none()  # for the permission check; get_queryset narrows to the employer

    def get_queryset(self):
        return Representative.objects.filter(employer_id=self.kwargs["pk"])

    @extend_schema(request=RepresentativeSerializer, responses={201: RepresentativeSerializer})
    def post(self, request: Request, pk: int) -> Response:
        employer = generics.get_object_or_404(Employer, pk=pk)
        data = RepresentativeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        saved = representative_save(employer=employer, values=_values(data), version=None, by=request.user)
        return Response(RepresentativeSerializer(saved).data, status=201)
