"""Every change to disputes goes through these functions (the case-work services underneath)."""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clmis.records.locking import record_save
from modules.casework.models import CaseEvent
from modules.casework.services import case_event_record, case_open, case_update
from modules.disputes.models import ISSUES, Dispute, Meeting
from modules.reference.models import Code

# Fields of the meeting form that reschedule the dispute rather than describe the meeting.
NEXT_MEETING = ("next_meeting_on", "next_meeting_place")


@transaction.atomic
def dispute_open(*, values: Mapping[str, object], by) -> Dispute:
    """Register a dispute: an employer of the register, a union or a group of workers, one issue or more.

    The date it was reported is the day it is registered unless given.
    """
    values = dict(values)
    issues = _issues(values.pop("issues", None), required=True)
    values["issue_codes"] = _codes_text(issues)
    values["reported_on"] = values.get("reported_on") or values.get("opened_on") or timezone.localdate()
    dispute = case_open(case=Dispute(), values=values, by=by)
    dispute.issues.set(issues)
    return dispute


@transaction.atomic
def dispute_update(*, dispute: Dispute, values: Mapping[str, object], version: int | None, by) -> Dispute:
    """Change a dispute's details; `issues`, when given, replaces its issues (at least one)."""
    values = dict(values)
    issues = values.pop("issues", None)
    if issues is not None:
        issues = _issues(issues, required=True)
        values["issue_codes"] = _codes_text(issues)
    dispute = case_update(case=dispute, values=values, version=version, by=by)
    if issues is not None:
        dispute.issues.set(issues)
    return dispute


@transaction.atomic
def meeting_save(
    *,
    dispute: Dispute,
    meeting: Meeting | None = None,
    values: Mapping[str, object],
    version: int | None,
    by,
) -> Meeting:
    """Record a conciliation meeting held (on the dispute's timeline) or change one.

    `next_meeting_on` / `next_meeting_place`, when given, are where the meeting adjourned to: they become
    the dispute's next meeting (what the meeting notice announces). A new meeting held on the day the
    dispute's next meeting was set for, adjourned to no date, clears it: that meeting has taken place.
    """
    values = dict(values)
    adjourned = {field: values.pop(field) for field in NEXT_MEETING if field in values}
    if meeting is None and dispute.is_closed:
        raise ValidationError(_("The dispute is closed: reopen it before recording another meeting."))
    saved = record_save(meeting or Meeting(dispute=dispute), values=values, version=version, by=by)
    if meeting is None:
        text = _("Conciliation meeting on %(date)s") % {"date": saved.held_on.isoformat()}
        if saved.place:
            text += f" ({saved.place})"
        case_event_record(case=dispute, kind=CaseEvent.Kind.MEETING, text=text, by=by)
    next_meeting = _next_meeting(dispute, saved, adjourned, new=meeting is None)
    if next_meeting:
        dispute.refresh_from_db()
        case_update(case=dispute, values=next_meeting, version=dispute.version, by=by)
    return saved


def _next_meeting(dispute: Dispute, meeting: Meeting, adjourned: dict, *, new: bool) -> dict:
    if adjourned.get("next_meeting_on"):
        return {
            "next_meeting_on": adjourned["next_meeting_on"],
            "next_meeting_place": adjourned.get("next_meeting_place") or meeting.place,
        }
    if new and dispute.next_meeting_on is not None and dispute.next_meeting_on <= meeting.held_on:
        return {"next_meeting_on": None, "next_meeting_place": ""}
    return {}


def _issues(codes: Iterable[Code] | None, *, required: bool) -> list[Code]:
    wanted = {code.pk: code for code in codes or ()}
    if required and not wanted:
        raise ValidationError({"issues": _("Choose at least one issue in dispute.")})
    found = list(Code.objects.filter(pk__in=wanted, **ISSUES).order_by("code"))
    wrong = sorted(code.code for pk, code in wanted.items() if pk not in {code.pk for code in found})
    if wrong:
        raise ValidationError(
            {
                "issues": _("%(codes)s: choose codes of the %(table)s table.")
                % {"codes": ", ".join(wrong), "table": "dispute_issue"}
            }
        )
    return found


def _codes_text(issues: list[Code]) -> str:
    return ", ".join(code.code for code in issues)
