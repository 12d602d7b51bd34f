from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from clmis.accounts.mfa import mfa_missing
from clmis.accounts.roles import roles_of


class RoleOutput(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()


class SiteOutput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["hub", "country"])
    code = serializers.CharField(allow_null=True)
    name = serializers.CharField()


class MeOutput(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    email = serializers.EmailField()
    language = serializers.CharField()
    roles = RoleOutput(many=True)
    mfa_setup_required = serializers.BooleanField()
    site = SiteOutput()


class MeApi(APIView):
    """Who the caller is, where (the hub or which country), in which roles and language."""

    # Reachable before MFA is set up, so a privileged client can learn that it must be.
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeOutput)
    def get(self, request: Request) -> Response:
        user, country = request.user, getattr(request, "country", None)
        return Response(
            MeOutput(
                {
                    "username": user.username,
                    "name": user.get_full_name() or user.username,
                    "email": user.email,
                    "language": user.preferred_language or get_language(),
                    "roles": [{"key": role.key, "label": str(role.label)} for role in roles_of(user)],
                    "mfa_setup_required": mfa_missing(user),
                    "site": {
                        "kind": "country" if country else "hub",
                        "code": country.code if country else None,
                        "name": country.name if country else _("Regional hub"),
                    },
                }
            ).data
        )
