from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet

from modules.inspections.models import ChecklistItem, Inspection
from modules.reference.models import Code
from modules.reference.selectors import code_text

AREA_TABLE = "inspection_area"
# Holding it is what makes a user an inspector: may work inspections, lead or join a visit.
INSPECTOR_PERMISSION = ("inspections", "change_inspection")


def inspections_listed() -> QuerySet[Inspection]:
    return Inspection.objects.select_related("employer", "workplace", "isic", "assigned_to").defer(
        *code_text("isic")
    )


def inspections_with_links() -> QuerySet[Inspection]:
    """Inspections with what the API names of each besides the list's columns: the inspectors, the
    complaint that prompted the visit and the earlier visit it follows up (none read per inspection)."""
    return inspections_listed().select_related("prompted_by", "previous").prefetch_related("inspectors")


def inspection_shown() -> QuerySet[Inspection]:
    """Inspections for their page: with their checklist and violations and the legal area of each."""
    return inspections_with_links().prefetch_related("checklist__area", "violations__area")


def inspectors_available() -> QuerySet:
    """Active users of this country who may work inspections: those who can lead or join a visit."""
    app_label, codename = INSPECTOR_PERMISSION
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    users = get_user_model().objects.filter(is_active=True)
    holds = Q(is_superuser=True)
    if permission is not None:
        holds |= Q(groups__permissions=permission) | Q(user_permissions=permission)
    return users.filter(holds).distinct().order_by("first_name", "last_name", "username")


def inspection_areas() -> QuerySet[Code]:
    return Code.objects.filter(classification__key=AREA_TABLE, active=True).order_by("path")


def checklist_of(inspection: Inspection) -> list[ChecklistItem]:
    """The inspection's checklist, with an unsaved "not checked" item for any area added to the table
    since the inspection was opened, so the page and the letter always cover every area in use."""
    items = list(inspection.checklist.select_related("area"))
    present = {item.area_id for item in items}
    items += [
        ChecklistItem(inspection=inspection, area=area)
        for area in inspection_areas()
        if area.pk not in present
    ]
    return sorted(items, key=lambda item: item.area.path)
