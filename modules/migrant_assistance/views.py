from django.utils.translation import gettext_lazy

from clmis.records.pages import PartPages
from modules.casework.pages import CasePages
from modules.migrant_assistance.forms import AssistanceActionForm, AssistanceRequestForm
from modules.migrant_assistance.listing import REQUESTS
from modules.migrant_assistance.models import AssistanceAction, AssistanceRequest
from modules.migrant_assistance.selectors import assistance_requests_listed
from modules.migrant_assistance.services import (
    assistance_action_save,
    assistance_request_open,
    assistance_request_update,
)


def _save(record, values, version, by):
    if record is None:
        return assistance_request_open(values=values, by=by)
    return assistance_request_update(assistance_request=record, values=values, version=version, by=by)


PAGES = CasePages(
    model=AssistanceRequest,
    name="assistancerequest",
    listing=REQUESTS,
    records=assistance_requests_listed,
    form=AssistanceRequestForm,
    save=_save,
    created=gettext_lazy("Request %(record)s is registered."),
    changed=gettext_lazy("Your changes to %(record)s are saved."),
)
request_list = PAGES.list_view()
request_export = PAGES.export_view()
request_detail = PAGES.detail_view()
request_create = PAGES.create_view()
request_edit = PAGES.edit_view()

ACTIONS = PartPages(
    model=AssistanceAction,
    parent="assistance_request",
    part="action",
    form=AssistanceActionForm,
    save=assistance_action_save,
    titles=(gettext_lazy("Record an action taken"), gettext_lazy("Edit the action")),
    created=gettext_lazy("The action is recorded."),
    changed=gettext_lazy("Your changes to the action are saved."),
)
action_create = ACTIONS.create_view()
action_edit = ACTIONS.edit_view()
