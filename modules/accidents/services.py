"""Every change to accidents and diseases goes through these functions (the case-work services underneath)."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clmis.records.locking import record_save
from modules.accidents.models import Accident, MedicalReport
from modules.casework.models import CaseEvent
from modules.casework.services import case_event_record, case_open, case_update
from modules.employers.models import Employer
from modules.reference.models import Code
from tenants.selectors import module_enabled_here

CODED_FIELDS = {
    "nationality": "iso3166",
    "occupation": "isco08",
    "isic": "isic4",
    "injury_type": "injury_type",
    "body_part": "body_part",
    "agency": "accident_agency",
}


@transaction.atomic
def accident_register(*, values: Mapping[str, object], by) -> Accident:
    """Register an employer's notification; the economic activity is the employer's unless given."""
    values = dict(values)
    _check(values)
    employer = values.get("employer")
    if values.get("isic") is None and isinstance(employer, Employer):
        values["isic"] = employer.isic
    return case_open(case=Accident(), values=values, by=by)


def accident_update(*, accident: Accident, values: Mapping[str, object], version: int | None, by) -> Accident:
    _check(values)
    return case_update(case=accident, values=values, version=version, by=by)


@transaction.atomic
def medical_report_save(
    *,
    accident: Accident,
    report: MedicalReport | None = None,
    values: Mapping[str, object],
    version: int | None,
    by,
) -> MedicalReport:
    """Record the medical practitioner's report (on the case's timeline) or change one."""
    if accident.is_closed:
        raise ValidationError(_("The case is closed: reopen it first."))
    if report is not None and report.accident_id != accident.pk:
        raise ValidationError(_("This report belongs to another case."))
    saved = record_save(report or MedicalReport(accident=accident), values=values, version=version, by=by)
    if report is None:
        text = _("Medical report by %(practitioner)s, %(date)s: %(days)s days of incapacity.") % {
            "practitioner": saved.practitioner,
            "date": saved.reported_on.isoformat(),
            "days": saved.days_incapacity,
        }
        case_event_record(case=accident, kind=CaseEvent.Kind.NOTE, text=text, by=by)
    return saved


def _check(values: Mapping[str, object]) -> None:
    """Codes of the right tables, and an inspection link only where inspections are used in the country."""
    errors = {
        field: _("Choose a code of the %(table)s table.") % {"table": table}
        for field, table in CODED_FIELDS.items()
        if isinstance(values.get(field), Code) and values[field].classification.key != table
    }
    if values.get("inspection_visit") is not None and not module_enabled_here("inspections"):
        errors["inspection_visit"] = _("Inspections are not recorded in this country.")
    if errors:
        raise ValidationError(errors)
