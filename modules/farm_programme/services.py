"""Every change to the farm programme goes through these functions (the case-work services underneath).

Selecting, departing, returning are transitions of the worker's case
(`modules.casework.services.case_transition`): the model refuses a selection beyond the round's places,
a departure before the checklist is complete, a return before the departure.
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clmis.records.locking import record_save
from modules.casework.models import CaseEvent
from modules.casework.services import case_event_record, case_open, case_update
from modules.farm_programme.models import FarmWorker, FollowUp, RecruitmentRound, RoundStatus
from modules.reference.models import Code

CODED_FIELDS = {"destination": "iso3166", "district": "district"}


def round_save(
    *,
    recruitment_round: RecruitmentRound | None = None,
    values: Mapping[str, object],
    version: int | None,
    by,
) -> RecruitmentRound:
    """Plan a recruitment round or change one; a stale edit or a code from the wrong table is refused."""
    _check_codes(values)
    return record_save(recruitment_round or RecruitmentRound(), values=values, version=version, by=by)


@transaction.atomic
def farm_worker_apply(*, values: Mapping[str, object], by) -> FarmWorker:
    """Register a national's application to a round open for applications."""
    _check_codes(values)
    chosen = values.get("round")
    if isinstance(chosen, RecruitmentRound) and chosen.status != RoundStatus.OPEN:
        raise ValidationError({"round": _("This round does not take applications now: choose an open one.")})
    return case_open(case=FarmWorker(), values=values, by=by)


def farm_worker_update(
    *, worker: FarmWorker, values: Mapping[str, object], version: int | None, by
) -> FarmWorker:
    _check_codes(values)
    if "round" in values and values["round"] != worker.round and worker.status != "applied":
        raise ValidationError({"round": _("Only an application not yet shortlisted moves to another round.")})
    return case_update(case=worker, values=values, version=version, by=by)


@transaction.atomic
def follow_up_save(
    *,
    worker: FarmWorker,
    follow_up: FollowUp | None = None,
    values: Mapping[str, object],
    version: int | None,
    by,
) -> FollowUp:
    """Record a follow-up of a returned worker (on the worker's timeline) or change one."""
    if follow_up is not None and follow_up.worker_id != worker.pk:
        raise ValidationError(_("This follow-up belongs to another worker."))
    saved = record_save(follow_up or FollowUp(worker=worker), values=values, version=version, by=by)
    if follow_up is None:
        text = _("Follow-up on %(date)s: %(work)s.") % {
            "date": saved.on.isoformat(),
            "work": _("employed") if saved.employed else _("not employed"),
        }
        case_event_record(case=worker, kind=CaseEvent.Kind.NOTE, text=text, by=by)
    return saved


def _check_codes(values: Mapping[str, object]) -> None:
    errors = {
        field: _("Choose a code of the %(table)s table.") % {"table": table}
        for field, table in CODED_FIELDS.items()
        if isinstance(values.get(field), Code) and values[field].classification.key != table
    }
    if errors:
        raise ValidationError(errors)
