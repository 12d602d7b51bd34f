"""Referral pages (list, page, edit), the ranked lists that refer with one button, and the placement."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from modules.casework.pages import CasePages
from modules.casework.services import case_update
from modules.job_seekers.selectors import job_seekers_active
from modules.matching.forms import PlacementCancelForm, PlacementForm, ReferForm, ReferralForm
from modules.matching.listing import REFERRALS
from modules.matching.models import JobReferral
from modules.matching.selectors import (
    candidates_for_vacancy,
    referrals_listed,
    vacancies_for_job_seeker,
)
from modules.matching.services import referral_make, referral_place, referral_placement_cancel
from modules.vacancies.selectors import vacancies_open


def _save(record, values, version, by):
    if record is None:
        return referral_make(
            job_seeker=values["job_seeker"], vacancy=values["vacancy"], notes=values.get("notes", ""), by=by
        )
    return case_update(case=record, values=values, version=version, by=by)


PAGES = CasePages(
    model=JobReferral,
    name="referral",
    listing=REFERRALS,
    records=referrals_listed,
    form=ReferralForm,
    save=_save,
    created=gettext_lazy("Referral %(record)s is made."),
    changed=gettext_lazy("Your changes to %(record)s are saved."),
)
referral_list = PAGES.list_view()
referral_export = PAGES.export_view()
referral_detail = PAGES.detail_view()
referral_create = PAGES.create_view()
referral_edit = PAGES.edit_view()

RANKED_PERMISSIONS = ("matching.view_jobreferral", "job_seekers.view_jobseeker", "vacancies.view_vacancy")


@login_required
@permission_required(RANKED_PERMISSIONS, raise_exception=True)
def vacancy_candidates(request: HttpRequest, pk: int) -> HttpResponse:
    """The job seekers best suited to a vacancy, each with why, a button to refer them."""
    vacancy = get_object_or_404(vacancies_open().select_related("occupation"), pk=pk)
    context = {"vacancy": vacancy, "matches": candidates_for_vacancy(vacancy)}
    return render(request, "matching/vacancy_candidates.html", context)


@login_required
@permission_required(RANKED_PERMISSIONS, raise_exception=True)
def job_seeker_vacancies(request: HttpRequest, pk: int) -> HttpResponse:
    """The open vacancies best suited to a job seeker, each with why, a button to refer them."""
    job_seeker = get_object_or_404(job_seekers_active(), pk=pk)
    context = {"job_seeker": job_seeker, "matches": vacancies_for_job_seeker(job_seeker)}
    return render(request, "matching/job_seeker_vacancies.html", context)


@login_required
@permission_required("matching.add_jobreferral", raise_exception=True)
@require_POST
def refer(request: HttpRequest) -> HttpResponse:
    """The button of a ranked list: refer, then back to the list it was pressed on."""
    form = ReferForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a job seeker and a vacancy."))
        return redirect("matching:list")
    job_seeker = get_object_or_404(job_seekers_active(), pk=form.cleaned_data["job_seeker"])
    vacancy = get_object_or_404(vacancies_open(), pk=form.cleaned_data["vacancy"])
    back = request.POST.get("from") == "job_seeker"
    try:
        referral = referral_make(job_seeker=job_seeker, vacancy=vacancy, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(job_seeker)s is referred to %(vacancy)s: %(referral)s.")
            % {
                "job_seeker": job_seeker.full_name,
                "vacancy": vacancy.reference,
                "referral": referral.reference,
            },
        )
    if back:
        return redirect("matching:job-seeker-vacancies", job_seeker.pk)
    return redirect("matching:vacancy-candidates", vacancy.pk)


@login_required
@permission_required("matching.change_jobreferral", raise_exception=True)
@require_http_methods(["GET", "POST"])
def placement_record(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_object_or_404(referrals_listed(), pk=pk)
    form = PlacementForm(request.POST or None, initial={"version": referral.version})
    if request.method == "POST" and form.is_valid():
        try:
            referral_place(
                referral=referral,
                placed_on=form.cleaned_data["placed_on"],
                version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Placement recorded: %(job_seeker)s is placed and a post of %(vacancy)s is filled.")
                % {"job_seeker": referral.job_seeker.reference, "vacancy": referral.referred_to.reference},
            )
            return redirect(referral)
    return render(request, "matching/placement_form.html", {"referral": referral, "form": form})


@login_required
@permission_required("matching.cancel_placement", raise_exception=True)
@require_http_methods(["GET", "POST"])
def placement_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    referral = get_object_or_404(referrals_listed(), pk=pk)
    form = PlacementCancelForm(request.POST or None, initial={"version": referral.version})
    if request.method == "POST" and form.is_valid():
        try:
            referral_placement_cancel(
                referral=referral,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The placement is cancelled."))
            return redirect(referral)
    return render(request, "matching/placement_cancel.html", {"referral": referral, "form": form})
