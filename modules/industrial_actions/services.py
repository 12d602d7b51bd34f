"""Every change to industrial actions goes through these functions (the case-work services underneath)."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from modules.casework.services import case_open, case_update
from modules.industrial_actions.models import IndustrialAction
from modules.reference.models import Code

# Field -> (code table, level): a code from another table, or an ISIC section for the class, is refused.
CODED_FIELDS = {"cause": ("industrial_action_cause", None), "isic": ("isic4", 4)}


@transaction.atomic
def industrial_action_open(*, values: Mapping[str, object], by) -> IndustrialAction:
    """Register an industrial action. Without an employer, the establishment's; without an ISIC class,
    the establishment's, else the employer's."""
    values = dict(values)
    _check_codes(values)
    _fill_from_register(values, current=None)
    return case_open(case=IndustrialAction(), values=values, by=by)


@transaction.atomic
def industrial_action_update(
    *, action: IndustrialAction, values: Mapping[str, object], version: int | None, by
) -> IndustrialAction:
    values = dict(values)
    _check_codes(values)
    _fill_from_register(values, current=action)
    return case_update(case=action, values=values, version=version, by=by)


def _fill_from_register(values: dict, *, current: IndustrialAction | None) -> None:
    workplace = values["workplace"] if "workplace" in values else getattr(current, "workplace", None)
    employer = values["employer"] if "employer" in values else getattr(current, "employer", None)
    if employer is None:
        if workplace is None:
            raise ValidationError({"employer": _("Choose the employer from the register.")})
        values["employer"] = employer = workplace.employer
    if values.get("isic") is None and ("isic" in values or current is None):
        values["isic"] = (workplace.isic if workplace is not None else None) or employer.isic


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
