from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.views import APIView

from clmis.accounts.permissions import MFASatisfied


class ModelPermissions(permissions.DjangoModelPermissions):
    """Django's model permissions, reading included (DRF's default lets any authenticated user read)."""

    perms_map = {**permissions.DjangoModelPermissions.perms_map, "GET": ["%(app_label)s.view_%(model_name)s"]}


# What an API view over records needs: a signed-in user, MFA if their role requires it, the model permission.
RECORD_PERMISSIONS = [permissions.IsAuthenticated, MFASatisfied, ModelPermissions]


def holding(permission: str) -> type[permissions.BasePermission]:
    """A permission class for an action of its own (merge, place...): the user holds `permission`
    ("app_label.codename")."""

    class Holding(permissions.BasePermission):
        def has_permission(self, request: Request, view: APIView) -> bool:
            return request.user.has_perm(permission)

    return Holding
