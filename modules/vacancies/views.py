from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from clmis.records.forms import form_save
from modules.casework.pages import CasePages
from modules.vacancies.forms import VacancyForm, WorkRequestForm
from modules.vacancies.listing import VACANCIES, WORK_REQUESTS
from modules.vacancies.models import Vacancy, WorkRequest
from modules.vacancies.selectors import vacancies_listed, work_requests_listed
from modules.vacancies.services import (
    vacancy_register,
    vacancy_update,
    work_request_receive,
    work_request_update,
)


def _save(record, values, version, by):
    if record is None:
        return vacancy_register(values=values, by=by)
    return vacancy_update(vacancy=record, values=values, version=version, by=by)


PAGES = CasePages(
    model=Vacancy,
    name="vacancy",
    listing=VACANCIES,
    records=lambda: vacancies_listed().prefetch_related("skills", "languages"),
    form=VacancyForm,
    save=_save,
    created=gettext_lazy("Vacancy %(record)s is registered."),
    changed=gettext_lazy("Your changes to %(record)s are saved."),
)
vacancy_list = PAGES.list_view()
vacancy_export = PAGES.export_view()
vacancy_detail = PAGES.detail_view()
vacancy_create = PAGES.create_view()
vacancy_edit = PAGES.edit_view()


def _save_request(record, values, version, by):
    if record is None:
        return work_request_receive(values=values, by=by)
    return work_request_update(work_request=record, values=values, version=version, by=by)


REQUEST_PAGES = CasePages(
    model=WorkRequest,
    name="work_request",
    listing=WORK_REQUESTS,
    records=work_requests_listed,
    form=WorkRequestForm,
    save=_save_request,
    created=gettext_lazy("Work request %(record)s is registered."),
    changed=gettext_lazy("Your changes to %(record)s are saved."),
    export_url_name="vacancies:work-request-export",
)
work_request_list = REQUEST_PAGES.list_view()
work_request_export = REQUEST_PAGES.export_view()
work_request_detail = REQUEST_PAGES.detail_view()
work_request_create = REQUEST_PAGES.create_view()
work_request_edit = REQUEST_PAGES.edit_view()


@login_required
@permission_required("vacancies.add_vacancy", raise_exception=True)
@require_http_methods(["GET", "POST"])
def vacancy_create_from_request(request: HttpRequest, pk: int) -> HttpResponse:
    """The vacancy form, filled in from a work request, registering the vacancy as from it."""
    work_request = get_object_or_404(work_requests_listed(), pk=pk)
    initial = {
        "employer": work_request.employer,
        "occupation": work_request.occupation,
        "posts": work_request.posts,
        "title": work_request.occupation.title,
    }
    form = VacancyForm(request.POST or None, initial=initial)
    if request.method == "POST":
        saved = form_save(
            form,
            lambda values, version: vacancy_register(
                values={**values, "work_request": work_request}, by=request.user
            ),
        )
        if saved is not None:
            messages.success(
                request,
                _("Vacancy %(vacancy)s is registered from work request %(request)s.")
                % {"vacancy": saved.reference, "request": work_request.reference},
            )
            return redirect(saved)
    return render(request, "vacancies/vacancy_form.html", {"form": form, "work_request": work_request})
