"""Every change to complaints goes through these functions (the case-work services underneath)."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clmis.records.locking import record_save
from modules.casework.models import CaseEvent
from modules.casework.services import case_event_record, case_open, case_update
from modules.complaints.models import Complaint, Hearing
from modules.employers.services import employer_save
from modules.reference.models import Code

CODED_FIELDS = {
    "category": "complaint_category",
    "complainant_nationality": "iso3166",
    "occupation": "isco08",
}


@transaction.atomic
def complaint_open(*, values: Mapping[str, object], by) -> Complaint:
    """Register a complaint against an employer of the register, or a new one (`new_employer`: its name)."""
    values = dict(values)
    new_employer = str(values.pop("new_employer", "") or "")
    _check_codes(values)
    if values.get("employer") is None:
        if not new_employer.strip():
            raise ValidationError(
                {"employer": _("Choose the employer from the register, or give the name of a new one.")}
            )
        values["employer"] = employer_save(values={"name": new_employer.strip()}, version=None, by=by)
    return case_open(case=Complaint(), values=values, by=by)


def complaint_update(
    *, complaint: Complaint, values: Mapping[str, object], version: int | None, by
) -> Complaint:
    _check_codes(values)
    return case_update(case=complaint, values=values, version=version, by=by)


@transaction.atomic
def hearing_save(
    *,
    complaint: Complaint,
    hearing: Hearing | None = None,
    values: Mapping[str, object],
    version: int | None,
    by,
) -> Hearing:
    """Record a hearing (on the complaint's timeline) or change one."""
    saved = record_save(hearing or Hearing(complaint=complaint), values=values, version=version, by=by)
    if hearing is None:
        text = _("Hearing on %(date)s") % {"date": saved.held_on.isoformat()}
        case_event_record(case=complaint, kind=CaseEvent.Kind.MEETING, text=text, by=by)
    return saved


def _check_codes(values: Mapping[str, object]) -> None:
    errors = {
        field: _("Choose a code of the %(table)s table.") % {"table": table}
        for field, table in CODED_FIELDS.items()
        if isinstance(values.get(field), Code) and values[field].classification.key != table
    }
    if errors:
        raise ValidationError(errors)
