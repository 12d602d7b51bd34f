"""Every change to work permits goes through these functions (the case-work services underneath).

The decision itself — approving (the permit number and decision date set by the case), refusing with
its reason, reopening — is a transition of the case (`modules.casework.services.case_transition`), so
the pages and the API of every case decide permits alike.
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from modules.casework.services import case_open, case_update
from modules.reference.models import Code
from modules.work_permits.models import WorkPermit
from tenants.selectors import module_enabled_here

CODED_FIELDS = {
    "occupation": "isco08",
    "citizenship": "iso3166",
    "country_of_birth": "iso3166",
    "education_level": "education_level",
}
# Set by deciding (the transitions), never by an edit of the application.
DECISION_FIELDS = (
    "decided_on",
    "refusal_reason",
    "decision_notes",
    "permit_number",
    "valid_from",
    "valid_until",
)


@transaction.atomic
def permit_apply(*, values: Mapping[str, object], by) -> WorkPermit:
    """Register an employer's application (a renewal when `renewal_of` names an approved permit)."""
    values = dict(values)
    _check(values)
    decided = [field for field in DECISION_FIELDS if values.get(field) not in (None, "")]
    if decided:
        raise ValidationError({field: _("Set when the application is decided.") for field in decided})
    return case_open(case=WorkPermit(), values=values, by=by)


def permit_update(*, permit: WorkPermit, values: Mapping[str, object], version: int | None, by) -> WorkPermit:
    """Change an application not yet decided; a decided one is reopened by a supervisor first."""
    if permit.is_closed:
        raise ValidationError(_("The application is decided: a supervisor reopens it before it is changed."))
    _check(values)
    changed = [
        field for field in DECISION_FIELDS if field in values and values[field] != getattr(permit, field)
    ]
    if changed:
        raise ValidationError(
            {field: _("Set when the application is decided, not by an edit.") for field in changed}
        )
    return case_update(case=permit, values=values, version=version, by=by)


def _check(values: Mapping[str, object]) -> None:
    """Codes of the right tables, and a vacancy link only where vacancies are recorded in the country."""
    errors = {
        field: _("Choose a code of the %(table)s table.") % {"table": table}
        for field, table in CODED_FIELDS.items()
        if isinstance(values.get(field), Code) and values[field].classification.key != table
    }
    if values.get("advertised_vacancy") is not None and not module_enabled_here("vacancies"):
        errors["advertised_vacancy"] = _("Vacancies are not recorded in this country.")
    if errors:
        raise ValidationError(errors)
