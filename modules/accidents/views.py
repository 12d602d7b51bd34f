from django.utils.translation import gettext_lazy

from clmis.records.pages import PartPages
from modules.accidents.forms import AccidentForm, MedicalReportForm
from modules.accidents.listing import ACCIDENTS
from modules.accidents.models import Accident, MedicalReport
from modules.accidents.selectors import accidents_listed
from modules.accidents.services import accident_register, accident_update, medical_report_save
from modules.casework.pages import CasePages


def _save(record, values, version, by):
    if record is None:
        return accident_register(values=values, by=by)
    return accident_update(accident=record, values=values, version=version, by=by)


PAGES = CasePages(
    model=Accident,
    name="accident",
    listing=ACCIDENTS,
    records=accidents_listed,
    form=AccidentForm,
    save=_save,
    created=gettext_lazy("%(record)s is registered."),
    changed=gettext_lazy("Your changes to %(record)s are saved."),
)
accident_list = PAGES.list_view()
accident_export = PAGES.export_view()
accident_detail = PAGES.detail_view()
accident_create = PAGES.create_view()
accident_edit = PAGES.edit_view()

MEDICAL_REPORTS = PartPages(
    model=MedicalReport,
    parent="accident",
    part="report",
    form=MedicalReportForm,
    save=medical_report_save,
    titles=(gettext_lazy("Record a medical report"), gettext_lazy("Edit the medical report")),
    created=gettext_lazy("The medical report is recorded."),
    changed=gettext_lazy("Your changes to the medical report are saved."),
)
medical_report_create = MEDICAL_REPORTS.create_view()
medical_report_edit = MEDICAL_REPORTS.edit_view()
