"""Every change to inspections goes through these functions (the case-work services underneath)."""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clmis.records.locking import record_save
from modules.casework.models import CaseEvent
from modules.casework.services import case_event_record, case_open, case_update
from modules.inspections.models import (
    VISITED,
    ChecklistItem,
    Finding,
    Inspection,
    Kind,
    Notice,
    Penalty,
    Violation,
)
from modules.inspections.selectors import (
    AREA_TABLE,
    inspection_areas,
    inspectors_available,
)
from modules.reference.models import Code
from modules.workplaces.models import Workplace
from tenants.selectors import module_enabled_here


@transaction.atomic
def inspection_open(*, values: Mapping[str, object], by) -> Inspection:
    """Plan an inspection of a workplace in operation; its checklist starts with every area not checked."""
    values = dict(values)
    inspectors = values.pop("inspectors", None)
    workplace = values.get("workplace")
    if isinstance(workplace, Workplace) and not workplace.active:
        raise ValidationError({"workplace": _("This workplace is not in operation: it cannot be inspected.")})
    _check_links(values)
    values.update(_workplace_facts(workplace))
    inspection = case_open(case=Inspection(), values=values, by=by)
    if inspectors:
        _inspectors_set(inspection, inspectors, by)
    ChecklistItem.objects.bulk_create(
        ChecklistItem(inspection=inspection, area=area) for area in inspection_areas()
    )
    return inspection


@transaction.atomic
def inspection_update(
    *, inspection: Inspection, values: Mapping[str, object], version: int | None, by
) -> Inspection:
    values = dict(values)
    inspectors = values.pop("inspectors", None)
    _check_links(values)
    workplace = values.get("workplace")
    if isinstance(workplace, Workplace) and workplace.pk != inspection.workplace_id:
        values.update(_workplace_facts(workplace))
    case_update(case=inspection, values=values, version=version, by=by)
    if inspectors is not None:
        _inspectors_set(inspection, inspectors, by)
    return inspection


@transaction.atomic
def inspection_follow_up(*, inspection: Inspection, values: Mapping[str, object], by) -> Inspection:
    """Plan a follow-up of a visited inspection: a new inspection of the same workplace, linked to it."""
    if inspection.status not in VISITED:
        raise ValidationError(_("A follow-up visit can be planned once the workplace has been visited."))
    follow_up = inspection_open(
        values={
            **values,
            "kind": Kind.FOLLOW_UP,
            "previous": inspection,
            "workplace": inspection.workplace,
            "inspectors": list(inspection.inspectors.all()),
        },
        by=by,
    )
    text = _("Follow-up visit %(reference)s planned.") % {"reference": follow_up.reference}
    case_event_record(case=inspection, kind=CaseEvent.Kind.NOTE, text=text, by=by)
    text = _("Follows up inspection %(reference)s.") % {"reference": inspection.reference}
    case_event_record(case=follow_up, kind=CaseEvent.Kind.NOTE, text=text, by=by)
    return follow_up


@transaction.atomic
def checklist_record(
    *, inspection: Inspection, entries: Iterable[tuple[Code, Mapping[str, object], int | None]], by
) -> list[ChecklistItem]:
    """Record the findings of the checklist: (area, {"finding", "note"}, version read) per area.

    Only areas whose finding or note changed are saved; each of them is named on the timeline.
    """
    _check_open(inspection)
    saved, lines = [], []
    items = {item.area_id: item for item in inspection.checklist.select_for_update()}
    for area, values, version in entries:
        if not isinstance(area, Code) or area.classification.key != AREA_TABLE:
            raise ValidationError({"area": _("Choose an area of the inspection checklist.")})
        item = items.get(area.pk)
        values = {"finding": values.get("finding") or Finding.NOT_CHECKED, "note": values.get("note") or ""}
        if item is not None and (item.finding, item.note) == (values["finding"], values["note"]):
            continue
        if item is None:
            item = ChecklistItem(inspection=inspection, area=area)
            version = None
        saved.append(record_save(item, values=values, version=version, by=by))
        lines.append(f"{area.title}: {item.get_finding_display()}")
    if lines:
        text = _("Checklist: %(findings)s.") % {"findings": "; ".join(lines)}
        case_event_record(case=inspection, kind=CaseEvent.Kind.NOTE, text=text, by=by)
    return saved


@transaction.atomic
def violation_save(
    *, inspection: Inspection, violation: Violation | None = None, values: Mapping[str, object], version, by
) -> Violation:
    """Record a violation found at the visit (on the timeline) or change one."""
    if isinstance(values.get("area"), Code) and values["area"].classification.key != AREA_TABLE:
        raise ValidationError({"area": _("Choose an area of the inspection checklist.")})
    return _record(
        inspection,
        violation or Violation(inspection=inspection),
        values,
        version,
        by,
        lambda saved: (
            _("Violation: %(area)s, %(provision)s.")
            % {"area": saved.area.title, "provision": saved.provision}
        ),
    )


@transaction.atomic
def notice_save(
    *, inspection: Inspection, notice: Notice | None = None, values: Mapping[str, object], version, by
) -> Notice:
    return _record(
        inspection,
        notice or Notice(inspection=inspection),
        values,
        version,
        by,
        lambda saved: (
            _("%(kind)s, deadline %(date)s.")
            % {"kind": saved.get_kind_display(), "date": saved.deadline.isoformat()}
        ),
    )


@transaction.atomic
def penalty_save(
    *, inspection: Inspection, penalty: Penalty | None = None, values: Mapping[str, object], version, by
) -> Penalty:
    return _record(
        inspection,
        penalty or Penalty(inspection=inspection),
        values,
        version,
        by,
        lambda saved: (
            _("Penalty of %(amount)s imposed on %(date)s.")
            % {"amount": saved.amount, "date": saved.imposed_on.isoformat()}
        ),
    )


def _record(inspection: Inspection, record, values, version, by, describe):
    _check_open(inspection)
    if record.pk is not None and record.inspection_id != inspection.pk:
        raise ValidationError(_("This record belongs to another inspection."))
    new = record.pk is None
    saved = record_save(record, values=values, version=None if new else version, by=by)
    if new:
        case_event_record(case=inspection, kind=CaseEvent.Kind.NOTE, text=describe(saved), by=by)
    return saved


def _check_open(inspection: Inspection) -> None:
    if inspection.is_closed:
        raise ValidationError(
            _("The inspection is %(status)s: reopen it first.") % {"status": inspection.status_label}
        )


def _workplace_facts(workplace) -> dict:
    """The employer and economic activity that follow from the workplace (its own, else its employer's)."""
    if not isinstance(workplace, Workplace):
        return {}
    return {"employer": workplace.employer, "isic": workplace.isic or workplace.employer.isic}


def _check_links(values: Mapping[str, object]) -> None:
    """A complaint link only where the complaints module is enabled in this country."""
    if values.get("prompted_by") is not None and not module_enabled_here("complaints"):
        raise ValidationError({"prompted_by": _("Complaints are not recorded in this country.")})


def _inspectors_set(inspection: Inspection, inspectors, by) -> None:
    chosen = {user.pk: user for user in inspectors}
    allowed = set(inspectors_available().filter(pk__in=chosen).values_list("pk", flat=True))
    refused = [user.get_username() for pk, user in chosen.items() if pk not in allowed]
    if refused:
        raise ValidationError(
            {"inspectors": _("%(users)s may not work inspections.") % {"users": ", ".join(refused)}}
        )
    if set(inspection.inspectors.values_list("pk", flat=True)) == set(chosen):
        return
    inspection.inspectors.set(chosen.values())
    names = ", ".join(sorted(user.get_full_name() or user.get_username() for user in chosen.values()))
    text = _("Inspectors: %(names)s.") % {"names": names or _("none besides the lead")}
    case_event_record(case=inspection, kind=CaseEvent.Kind.EDITED, text=text, by=by)
