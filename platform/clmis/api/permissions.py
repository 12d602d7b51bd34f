from rest_framework import permissions

from clmis.accounts.permissions import MFASatisfied


class ModelPermissions(permissions.DjangoModelPermissions):
    """Django's model permissions, reading included (DRF's default lets any authenticated user read)."""

    perms_map = {**permissions.DjangoModelPermissions.perms_map, "GET": ["%(app_label)s.view_%(model_name)s"]}


# What an API view over records needs: a signed-in user, MFA if their role requires it, the model permission.
RECORD_PERMISSIONS = [permissions.IsAuthenticated, MFASatisfied, ModelPermissions]
