from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from clmis.api.permissions import RECORD_PERMISSIONS
from clmis.api.serializers import ModelSerializer
from tenants.models import Country
from tenants.services import country_provision


class CountryOutput(ModelSerializer):
    code = serializers.CharField(source="schema_name")
    host = serializers.CharField()
    domains = serializers.SlugRelatedField(many=True, read_only=True, slug_field="domain")

    class Meta:
        model = Country
        fields = [
            "code",
            "name",
            "iso3",
            "default_language",
            "timezone",
            "status",
            "release",
            "host",
            "domains",
        ]


class CountryInput(serializers.Serializer):
    code = serializers.CharField(max_length=2)
    name = serializers.CharField(max_length=100)
    iso3 = serializers.CharField(max_length=3, required=False, default="")
    default_language = serializers.CharField(required=False, default="en")
    timezone = serializers.CharField(required=False, default="UTC")
    domains = serializers.ListField(child=serializers.CharField(max_length=253), required=False, default=list)


class CountryFilter(filters.FilterSet):
    class Meta:
        model = Country
        fields = ["status", "default_language"]


class CountryListApi(generics.ListAPIView):
    """The countries of the deployment (hub only). POST creates one, cloning the template schema."""

    queryset = Country.objects.prefetch_related("domains")
    serializer_class = CountryOutput
    permission_classes = RECORD_PERMISSIONS
    filterset_class = CountryFilter
    search_fields = ["name", "=schema_name", "=iso3"]
    ordering_fields = ["name", "schema_name", "created_at"]

    @extend_schema(request=CountryInput, responses={201: CountryOutput})
    def post(self, request: Request) -> Response:
        data = CountryInput(data=request.data)
        data.is_valid(raise_exception=True)
        country, _created = country_provision(**data.validated_data, by=request.user)
        return Response(CountryOutput(country).data, status=201)
