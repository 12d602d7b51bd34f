from django.utils.translation import gettext_lazy

from clmis.records.pages import PartPages
from modules.casework.pages import CasePages
from modules.complaints.forms import ComplaintForm, HearingForm
from modules.complaints.listing import COMPLAINTS
from modules.complaints.models import Complaint, Hearing
from modules.complaints.selectors import complaints_listed
from modules.complaints.services import complaint_open, complaint_update, hearing_save


def _save(record, values, version, by):
    if record is None:
        return complaint_open(values=values, by=by)
    return complaint_update(complaint=record, values=values, version=version, by=by)


PAGES = CasePages(
    model=Complaint,
    name="complaint",
    listing=COMPLAINTS,
    records=complaints_listed,
    form=ComplaintForm,
    save=_save,
    created=gettext_lazy("Complaint %(record)s is registered."),
    changed=gettext_lazy("Your changes to %(record)s are saved."),
)
complaint_list = PAGES.list_view()
complaint_export = PAGES.export_view()
complaint_detail = PAGES.detail_view()
complaint_create = PAGES.create_view()
complaint_edit = PAGES.edit_view()

HEARINGS = PartPages(
    model=Hearing,
    parent="complaint",
    form=HearingForm,
    save=hearing_save,
    titles=(gettext_lazy("Record a hearing"), gettext_lazy("Edit the hearing")),
    created=gettext_lazy("The hearing is recorded."),
    changed=gettext_lazy("Your changes to the hearing are saved."),
)
hearing_create = HEARINGS.create_view()
hearing_edit = HEARINGS.edit_view()
