"""Every change to requests for assistance abroad goes through these functions (the case-work services
underneath)."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clmis.records.locking import record_save
from modules.casework.models import CaseEvent
from modules.casework.services import case_event_record, case_open, case_update
from modules.migrant_assistance.models import REQUEST_TYPES, AssistanceAction, AssistanceRequest
from modules.migrant_assistance.selectors import home_country
from modules.reference.models import Code

CODED_FIELDS = {
    "nationality": "iso3166",
    "destination": "iso3166",
    "occupation": "isco08",
    "request_type": REQUEST_TYPES,
}


@transaction.atomic
def assistance_request_open(*, values: Mapping[str, object], by) -> AssistanceRequest:
    """Register a request for assistance; the worker is a national of this country unless said otherwise."""
    values = dict(values)
    _check_codes(values)
    if values.get("nationality") is None:
        values["nationality"] = home_country()
    return case_open(case=AssistanceRequest(), values=values, by=by)


def assistance_request_update(
    *, assistance_request: AssistanceRequest, values: Mapping[str, object], version: int | None, by
) -> AssistanceRequest:
    _check_codes(values)
    return case_update(case=assistance_request, values=values, version=version, by=by)


@transaction.atomic
def assistance_action_save(
    *,
    assistance_request: AssistanceRequest,
    action: AssistanceAction | None = None,
    values: Mapping[str, object],
    version: int | None,
    by,
) -> AssistanceAction:
    """Record an action taken for the worker (on the request's timeline) or change one; not once the
    request is closed (a supervisor reopens it first)."""
    if assistance_request.is_closed:
        raise ValidationError(_("The request is closed: a supervisor reopens it before more is recorded."))
    if action is not None and action.assistance_request_id != assistance_request.pk:
        raise ValidationError(_("This action belongs to another request."))
    saved = record_save(
        action or AssistanceAction(assistance_request=assistance_request),
        values=values,
        version=version,
        by=by,
    )
    if action is None:
        organisation = saved.organisation_name or saved.get_organisation_display()
        text = _("Action on %(date)s, %(organisation)s contacted: %(what)s") % {
            "date": saved.taken_on.isoformat(),
            "organisation": organisation,
            "what": saved.description,
        }
        case_event_record(case=assistance_request, kind=CaseEvent.Kind.NOTE, text=text, by=by)
    return saved


def _check_codes(values: Mapping[str, object]) -> None:
    errors = {
        field: _("Choose a code of the %(table)s table.") % {"table": table}
        for field, table in CODED_FIELDS.items()
        if isinstance(values.get(field), Code) and values[field].classification.key != table
    }
    if errors:
        raise ValidationError(errors)
