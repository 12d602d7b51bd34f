"""Every change to the employers register goes through these functions."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from clmis.records.locking import record_save
from modules.employers.models import Employer, Representative
from modules.reference.models import Code

CODED_FIELDS = {"isic": "isic4", "district": "district"}


def employer_save(
    *, employer: Employer | None = None, values: Mapping[str, object], version: int | None, by
) -> Employer:
    """Register a new employer or change one; a stale edit or a code from the wrong table is refused."""
    _check_codes(values)
    return record_save(employer or Employer(), values=values, version=version, by=by)


def representative_save(
    *,
    employer: Employer,
    representative: Representative | None = None,
    values: Mapping[str, object],
    version: int | None,
    by,
) -> Representative:
    return record_save(
        representative or Representative(employer=employer), values=values, version=version, by=by
    )


def _check_codes(values: Mapping[str, object]) -> None:
    errors = {
        field: _("Choose a code of the %(table)s table.") % {"table": table}
        for field, table in CODED_FIELDS.items()
        if isinstance(values.get(field), Code) and values[field].classification.key != table
    }
    if errors:
        raise ValidationError(errors)
