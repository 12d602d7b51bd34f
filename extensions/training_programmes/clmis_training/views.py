from django.utils.translation import gettext_lazy as _

from clmis.records.pages import PartPages, RecordPages
from clmis_training.forms import ProgrammeForm, TraineeForm
from clmis_training.listing import PROGRAMMES
from clmis_training.models import Trainee, TrainingProgramme
from clmis_training.selectors import programmes_listed
from clmis_training.services import programme_save, trainee_save

PAGES = RecordPages(
    model=TrainingProgramme,
    name="programme",
    listing=PROGRAMMES,
    records=programmes_listed,
    form=ProgrammeForm,
    save=lambda record, values, version, by: programme_save(
        programme=record, values=values, version=version, by=by
    ),
    created=_("%(record)s is registered."),
    changed=_("Your changes to %(record)s are saved."),
)
programme_list = PAGES.list_view()
programme_export = PAGES.export_view()
programme_detail = PAGES.detail_view()
programme_create = PAGES.create_view()
programme_edit = PAGES.edit_view()

TRAINEES = PartPages(
    model=Trainee,
    parent="programme",
    form=TraineeForm,
    save=trainee_save,
    titles=(_("Enrol a trainee"), _("Edit the trainee")),
    created=_("%(record)s is enrolled."),
    changed=_("Your changes to %(record)s are saved."),
)
trainee_create = TRAINEES.create_view()
trainee_edit = TRAINEES.edit_view()
