from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from clmis.audit.history import history_of
from clmis.records.forms import form_save
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


@login_required
@permission_required("accidents.add_medicalreport", raise_exception=True)
@require_http_methods(["GET", "POST"])
def medical_report_create(request: HttpRequest, pk: int) -> HttpResponse:
    accident = get_object_or_404(Accident, pk=pk)
    form = MedicalReportForm(request.POST or None, instance=MedicalReport(accident=accident))
    if request.method == "POST":
        saved = form_save(
            form,
            lambda values, version: medical_report_save(
                accident=accident, values=values, version=None, by=request.user
            ),
        )
        if saved is not None:
            messages.success(request, _("The medical report is recorded."))
            return redirect(accident)
    return render(request, "accidents/medical_report_form.html", {"form": form, "accident": accident})


@login_required
@permission_required("accidents.change_medicalreport", raise_exception=True)
@require_http_methods(["GET", "POST"])
def medical_report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(MedicalReport.objects.select_related("accident"), pk=pk)
    form = MedicalReportForm(request.POST or None, instance=report)
    if request.method == "POST":
        saved = form_save(
            form,
            lambda values, version: medical_report_save(
                accident=report.accident, report=report, values=values, version=version, by=request.user
            ),
        )
        if saved is not None:
            messages.success(request, _("Your changes to the medical report are saved."))
            return redirect(report.accident)
    context = {"form": form, "accident": report.accident, "history": history_of(report)}
    return render(request, "accidents/medical_report_form.html", context)
