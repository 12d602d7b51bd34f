from django.utils.translation import gettext_lazy

from clmis.records.pages import PartPages, RecordPages
from modules.casework.pages import CasePages
from modules.farm_programme.forms import FarmWorkerForm, FollowUpForm, RoundForm
from modules.farm_programme.listing import FARM_WORKERS, ROUNDS
from modules.farm_programme.models import FarmWorker, FollowUp, RecruitmentRound
from modules.farm_programme.selectors import farm_workers_listed, rounds_listed
from modules.farm_programme.services import farm_worker_apply, farm_worker_update, follow_up_save, round_save


def _save(record, values, version, by):
    if record is None:
        return farm_worker_apply(values=values, by=by)
    return farm_worker_update(worker=record, values=values, version=version, by=by)


PAGES = CasePages(
    model=FarmWorker,
    name="worker",
    listing=FARM_WORKERS,
    records=farm_workers_listed,
    form=FarmWorkerForm,
    save=_save,
    created=gettext_lazy("The application %(record)s is registered."),
    changed=gettext_lazy("Your changes to %(record)s are saved."),
)
worker_list = PAGES.list_view()
worker_export = PAGES.export_view()
worker_detail = PAGES.detail_view()
worker_create = PAGES.create_view()
worker_edit = PAGES.edit_view()

ROUND_PAGES = RecordPages(
    model=RecruitmentRound,
    name="round",
    listing=ROUNDS,
    records=rounds_listed,
    form=RoundForm,
    save=lambda record, values, version, by: round_save(
        recruitment_round=record, values=values, version=version, by=by
    ),
    created=gettext_lazy("The round %(record)s is recorded."),
    changed=gettext_lazy("Your changes to the round %(record)s are saved."),
    export_url_name="farm_programme:round-export",
)
round_list = ROUND_PAGES.list_view()
round_export = ROUND_PAGES.export_view()
round_detail = ROUND_PAGES.detail_view()
round_create = ROUND_PAGES.create_view()
round_edit = ROUND_PAGES.edit_view()

FOLLOW_UPS = PartPages(
    model=FollowUp,
    parent="worker",
    part="follow_up",
    form=FollowUpForm,
    save=follow_up_save,
    titles=(gettext_lazy("Record a follow-up"), gettext_lazy("Edit the follow-up")),
    created=gettext_lazy("The follow-up is recorded."),
    changed=gettext_lazy("Your changes to the follow-up are saved."),
)
follow_up_create = FOLLOW_UPS.create_view()
follow_up_edit = FOLLOW_UPS.edit_view()
