"""A country's configuration over the API: GET it as a file's content; POST a file's content to see
what it would change (a dry run) or, with ?apply=true, to apply it."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from clmis.accounts.permissions import MFASatisfied
from clmis.api.permissions import holding
from modules.configuration.services import configuration_export, configuration_import


class ChangeOutput(serializers.Serializer):
    section = serializers.CharField()
    action = serializers.CharField(help_text="add, change, retire, enable or disable")
    item = serializers.CharField()
    detail = serializers.CharField()


class ImportOutput(serializers.Serializer):
    applied = serializers.BooleanField()
    changes = ChangeOutput(many=True)


class ConfigurationApi(APIView):
    permission_classes = [IsAuthenticated, MFASatisfied, holding("configuration.view_configurationimport")]

    @extend_schema(responses={200: {"type": "object"}})
    def get(self, request: Request) -> Response:
        return Response(configuration_export())


class ConfigurationImportApi(APIView):
    permission_classes = [IsAuthenticated, MFASatisfied, holding("configuration.add_configurationimport")]

    @extend_schema(
        request={"application/json": {"type": "object"}},
        parameters=[
            OpenApiParameter("apply", bool, description="apply the file (a dry run without it)"),
            OpenApiParameter(
                "sections", str, description="the parts to import, comma-separated (all without it)"
            ),
        ],
        responses=ImportOutput,
    )
    def post(self, request: Request) -> Response:
        apply = request.query_params.get("apply", "").lower() in ("1", "true", "yes")
        document = request.data if isinstance(request.data, dict) else {}
        sections = [key for key in request.query_params.get("sections", "").split(",") if key] or None
        changes = configuration_import(dict(document), apply=apply, by=request.user, sections=sections)
        return Response({"applied": apply, "changes": [change.as_dict() for change in changes]})
