from django.utils.translation import gettext_lazy

from clmis.records.pages import PartPages
from modules.casework.pages import CasePages
from modules.disputes.forms import DisputeForm, MeetingForm
from modules.disputes.listing import DISPUTES
from modules.disputes.models import Dispute, Meeting
from modules.disputes.selectors import disputes_listed
from modules.disputes.services import dispute_open, dispute_update, meeting_save


def _save(record, values, version, by):
    if record is None:
        return dispute_open(values=values, by=by)
    return dispute_update(dispute=record, values=values, version=version, by=by)


PAGES = CasePages(
    model=Dispute,
    name="dispute",
    listing=DISPUTES,
    records=disputes_listed,
    form=DisputeForm,
    save=_save,
    created=gettext_lazy("Dispute %(record)s is registered."),
    changed=gettext_lazy("Your changes to %(record)s are saved."),
)
dispute_list = PAGES.list_view()
dispute_export = PAGES.export_view()
dispute_detail = PAGES.detail_view()
dispute_create = PAGES.create_view()
dispute_edit = PAGES.edit_view()

MEETINGS = PartPages(
    model=Meeting,
    parent="dispute",
    form=MeetingForm,
    save=meeting_save,
    titles=(gettext_lazy("Record a conciliation meeting"), gettext_lazy("Edit the meeting")),
    created=gettext_lazy("The meeting is recorded."),
    changed=gettext_lazy("Your changes to the meeting are saved."),
    template="disputes/meeting_form.html",
    # The meeting the parties were called to is the one most often recorded.
    initial=lambda dispute: {"place": dispute.next_meeting_place, "held_on": dispute.next_meeting_on},
)
meeting_create = MEETINGS.create_view()
meeting_edit = MEETINGS.edit_view()
