"""Every change to redundancies goes through these functions (the case-work services underneath)."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from clmis.records.locking import record_save
from modules.casework.models import CaseEvent
from modules.casework.services import case_event_record, case_open, case_update
from modules.redundancies.models import AffectedGroup, Redundancy
from modules.reference.models import Code

# Code fields and the table (and level) their code must come from.
CODED_FIELDS = {"reason": ("redundancy_reason", None), "occupation": ("isco08", 4)}


@transaction.atomic
def redundancy_notify(*, values: Mapping[str, object], by) -> Redundancy:
    """Register an employer's notification of redundancies; notified the day it is registered unless
    given. The workers affected are added as groups (affected_group_save)."""
    values = dict(values)
    _check_codes(values)
    notified = values.get("notified_on") or values.get("opened_on")
    if notified:
        values["notified_on"] = notified
    return case_open(case=Redundancy(), values=values, by=by)


def redundancy_update(
    *, redundancy: Redundancy, values: Mapping[str, object], version: int | None, by
) -> Redundancy:
    _check_codes(values)
    return case_update(case=redundancy, values=values, version=version, by=by)


@transaction.atomic
def affected_group_save(
    *,
    redundancy: Redundancy,
    group: AffectedGroup | None = None,
    values: Mapping[str, object],
    version: int | None,
    by,
) -> AffectedGroup:
    """Record the workers of an occupation affected (on the timeline) or change them; the redundancy's
    totals follow. The redundancy is locked meanwhile, so two groups saved at once add up right."""
    _check_codes(values)
    redundancy = Redundancy.objects.select_for_update().get(pk=redundancy.pk)
    if redundancy.is_closed:
        raise ValidationError(
            _("The redundancy is %(status)s: reopen it to record or change the workers affected.")
            % {"status": redundancy.status_label.lower()}
        )
    if group is not None and group.redundancy_id != redundancy.pk:
        raise ValidationError(_("These workers are recorded for another redundancy."))
    saved = record_save(group or AffectedGroup(redundancy=redundancy), values=values, version=version, by=by)
    if group is None:
        text = _("Workers affected: %(occupation)s, %(women)d women, %(men)d men.") % {
            "occupation": saved.occupation,
            "women": saved.women,
            "men": saved.men,
        }
        case_event_record(case=redundancy, kind=CaseEvent.Kind.NOTE, text=text, by=by)
    totals = redundancy.groups.aggregate(women=Sum("women"), men=Sum("men"))
    record_save(
        redundancy,
        values={"women_affected": totals["women"] or 0, "men_affected": totals["men"] or 0},
        version=redundancy.version,
        by=by,
    )
    return saved


def _check_codes(values: Mapping[str, object]) -> None:
    errors = {}
    for field, (table, level) in CODED_FIELDS.items():
        code = values.get(field)
        if isinstance(code, Code) and (
            code.classification.key != table or (level is not None and code.level != level)
        ):
            errors[field] = _("Choose a code of the %(table)s table.") % {"table": table}
    if errors:
        raise ValidationError(errors)
