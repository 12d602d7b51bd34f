from django.utils.translation import gettext_lazy

from modules.casework.pages import CasePages
from modules.industrial_actions.forms import IndustrialActionForm
from modules.industrial_actions.listing import INDUSTRIAL_ACTIONS
from modules.industrial_actions.models import IndustrialAction
from modules.industrial_actions.selectors import industrial_actions_listed
from modules.industrial_actions.services import industrial_action_open, industrial_action_update


def _save(record, values, version, by):
    if record is None:
        return industrial_action_open(values=values, by=by)
    return industrial_action_update(action=record, values=values, version=version, by=by)


PAGES = CasePages(
    model=IndustrialAction,
    name="industrialaction",
    listing=INDUSTRIAL_ACTIONS,
    records=industrial_actions_listed,
    form=IndustrialActionForm,
    save=_save,
    created=gettext_lazy("Industrial action %(record)s is registered."),
    changed=gettext_lazy("Your changes to %(record)s are saved."),
)
action_list = PAGES.list_view()
action_export = PAGES.export_view()
action_detail = PAGES.detail_view()
action_create = PAGES.create_view()
action_edit = PAGES.edit_view()
