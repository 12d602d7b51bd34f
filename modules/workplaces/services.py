"""Every change to the workplaces register goes through these functions."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from clmis.records.locking import record_save
from modules.employers.models import Employer
from modules.reference.models import Code
from modules.workplaces.models import Workplace

CODED_FIELDS = {"isic": "isic4", "district": "district"}


def workplace_save(
    *,
    employer: Employer,
    workplace: Workplace | None = None,
    values: Mapping[str, object],
    version: int | None,
    by,
) -> Workplace:
    """Record a new workplace of an employer or change one; a stale edit or a code from the wrong table is
    refused. A new workplace given no economic activity has its employer's."""
    if workplace is not None and workplace.employer_id != employer.pk:
        raise ValidationError(
            {"employer": _("A workplace stays with its employer: record it anew under the other employer.")}
        )
    values = {name: value for name, value in values.items() if name != "employer"}
    _check_codes(values)
    if workplace is None and "isic" not in values:
        values["isic"] = employer.isic
    return record_save(workplace or Workplace(employer=employer), values=values, version=version, by=by)


def _check_codes(values: Mapping[str, object]) -> None:
    errors = {
        field: _("Choose a code of the %(table)s table.") % {"table": table}
        for field, table in CODED_FIELDS.items()
        if isinstance(values.get(field), Code) and values[field].classification.key != table
    }
    if errors:
        raise ValidationError(errors)
