"""Every change to the department activities goes through these functions.

An activity is recorded (by an officer, as a draft) and confirmed by a supervisor; only a supervisor
changes a confirmed activity or reopens it. Each step is a versioned, audited save (`record_save`): the
history shows who recorded, confirmed and reopened, with the reason. Why a status and not a case
workflow: see `modules.monitoring.models.Activity`.
"""

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clmis.accounts.actors import actor_label
from clmis.audit.context import acting
from clmis.records.locking import record_save
from modules.monitoring.models import Activity, ActivityStatus, first_of_month
from modules.reference.models import Code

CONFIRM = "monitoring.confirm_activity"
CODED_FIELDS = {"activity_type": "department_activity", "district": "district"}
# Changed by confirming and reopening only: an edit never confirms or unconfirms an activity.
STATUS_FIELDS = ("status", "recorded_by", "confirmed_by", "confirmed_at", "reopen_reason")


def activity_changeable_by(activity: Activity, user) -> bool:
    """A draft by whoever may change activities; a confirmed activity only by a supervisor (or the system)."""
    return not activity.is_confirmed or user is None or user.has_perm(CONFIRM)


@transaction.atomic
def activity_save(
    *, activity: Activity | None = None, values: Mapping[str, object], version: int | None, by
) -> Activity:
    """Record a new activity (awaiting confirmation) or change one.

    Refused: a stale edit, a code from the wrong table, a date or month in the future, neither a date
    nor a month, a negative count, and a change to a confirmed activity by someone who may not confirm.
    """
    values = {name: value for name, value in values.items() if name not in STATUS_FIELDS}
    if activity is not None and activity.pk is not None:
        activity.status = _locked(activity).status
        if not activity_changeable_by(activity, by):
            raise PermissionDenied(_("A confirmed activity can only be changed by a supervisor."))
    _check_codes(values)
    values = _placed_in_month(values, activity)
    if activity is None:
        activity = Activity(recorded_by=actor_label(by))
    return record_save(activity, values=values, version=version, by=by)


@transaction.atomic
def activity_confirm(*, activity: Activity, version: int | None, by) -> Activity:
    """A supervisor vouches for the activity's figures: from now on it counts in the reports."""
    _check_confirmer(by)
    if _locked(activity).status == ActivityStatus.CONFIRMED:
        raise ValidationError({"status": _("This activity is already confirmed.")})
    values = {
        "status": ActivityStatus.CONFIRMED,
        "confirmed_by": actor_label(by),
        "confirmed_at": timezone.now(),
        "reopen_reason": "",
    }
    return record_save(activity, values=values, version=version, by=by)


@transaction.atomic
def activity_reopen(*, activity: Activity, reason: str, version: int | None, by) -> Activity:
    """A supervisor takes a confirmed activity back to a draft (to be corrected, then confirmed again)."""
    _check_confirmer(by)
    if _locked(activity).status != ActivityStatus.CONFIRMED:
        raise ValidationError({"status": _("Only a confirmed activity can be reopened.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the activity is reopened: it is kept in its history.")})
    values = {
        "status": ActivityStatus.RECORDED,
        "confirmed_by": "",
        "confirmed_at": None,
        "reopen_reason": reason[:500],
    }
    return record_save(activity, values=values, version=version, by=by)


@transaction.atomic
def activity_delete(*, activity: Activity, by) -> None:
    """Delete an activity recorded by mistake (twice, say); a confirmed one must be reopened first."""
    if _locked(activity).status == ActivityStatus.CONFIRMED:
        raise ValidationError(
            {"status": _("A confirmed activity cannot be deleted: a supervisor reopens it first.")}
        )
    with acting(actor_label(by)):
        activity.delete()


def _locked(activity: Activity) -> Activity:
    """The stored activity, locked until the transaction ends: a status decided on cannot change under us."""
    return Activity.objects.select_for_update().only("status", "version").get(pk=activity.pk)


def _check_confirmer(by) -> None:
    if by is None or not by.has_perm(CONFIRM):
        raise PermissionDenied(_("Only a supervisor can confirm or reopen an activity."))


def _check_codes(values: Mapping[str, object]) -> None:
    errors = {
        field: _("Choose a code of the %(table)s table.") % {"table": table}
        for field, table in CODED_FIELDS.items()
        if isinstance(values.get(field), Code) and values[field].classification.key != table
    }
    if errors:
        raise ValidationError(errors)


def _placed_in_month(values: dict, activity: Activity | None) -> dict:
    """The month the activity counts in: the date's, or the month given when there is no single date.

    A month given with a date must be the date's (checked by the model); given alone it is the month.
    """
    held_on = values["held_on"] if "held_on" in values else getattr(activity, "held_on", None)
    month = values.get("month")
    if held_on is not None:
        return {**values, "month": month or first_of_month(held_on)}
    if month is None and "month" not in values and activity is not None:
        month = activity.month
    if month is None:
        raise ValidationError(
            {
                "held_on": _(
                    "Give the date of the activity, or its month if it ran over several days "
                    "or the day is not known."
                )
            }
        )
    return {**values, "month": first_of_month(month)}
