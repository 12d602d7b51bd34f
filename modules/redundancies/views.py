from django.db.models import Prefetch
from django.utils.translation import gettext_lazy

from clmis.records.pages import PartPages
from modules.casework.pages import CasePages
from modules.redundancies.forms import AffectedGroupForm, RedundancyForm
from modules.redundancies.listing import REDUNDANCIES
from modules.redundancies.models import AffectedGroup, Redundancy
from modules.redundancies.selectors import redundancies_listed, redundancy_groups
from modules.redundancies.services import affected_group_save, redundancy_notify, redundancy_update


def _save(record, values, version, by):
    if record is None:
        return redundancy_notify(values=values, by=by)
    return redundancy_update(redundancy=record, values=values, version=version, by=by)


PAGES = CasePages(
    model=Redundancy,
    name="redundancy",
    listing=REDUNDANCIES,
    records=lambda: redundancies_listed().prefetch_related(Prefetch("groups", queryset=redundancy_groups())),
    form=RedundancyForm,
    save=_save,
    created=gettext_lazy("Redundancy %(record)s is registered."),
    changed=gettext_lazy("Your changes to %(record)s are saved."),
)
redundancy_list = PAGES.list_view()
redundancy_export = PAGES.export_view()
redundancy_detail = PAGES.detail_view()
redundancy_create = PAGES.create_view()
redundancy_edit = PAGES.edit_view()

GROUPS = PartPages(
    model=AffectedGroup,
    parent="redundancy",
    form=AffectedGroupForm,
    save=affected_group_save,
    titles=(gettext_lazy("Record workers affected"), gettext_lazy("Change the workers affected")),
    created=gettext_lazy("The workers affected are recorded."),
    changed=gettext_lazy("Your changes to the workers affected are saved."),
    part="group",
)
group_create = GROUPS.create_view()
group_edit = GROUPS.edit_view()
