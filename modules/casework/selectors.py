from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from modules.casework.models import Case
from modules.registry import installed_modules


def case_for(request, pk: int, action: str = "view") -> Case:
    """The case as its own type, if its module is enabled here and the user may `action` it; else 404/403.

    Generic case pages (documents, letters, timeline) serve every module, so they apply the module
    gate themselves: a disabled module's cases are not found.
    """
    case = Case.objects.filter(pk=pk).first()
    if case is None:
        raise Http404
    case = case.concrete()
    if _module_key(case) not in getattr(request, "modules", frozenset()):
        raise Http404
    if not request.user.has_perm(case.permission(action)):
        raise PermissionDenied
    return case


def officers_for(case: Case) -> QuerySet:
    """Active users who may work on cases of this type: whom a case can be assigned to."""
    app_label, codename = case.permission("change").split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    users = get_user_model().objects.filter(is_active=True)
    if permission is None:
        return users.filter(is_superuser=True)
    return (
        users.filter(
            Q(groups__permissions=permission) | Q(user_permissions=permission) | Q(is_superuser=True)
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _module_key(case: Case) -> str | None:
    app_label = case._meta.app_label
    return next((c.manifest.key for c in installed_modules() if c.label == app_label), None)
