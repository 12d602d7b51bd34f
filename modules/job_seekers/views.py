from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from clmis.audit.history import history_of
from clmis.personal_data.selectors import withhold
from clmis.records.forms import form_save
from clmis.records.locking import StaleEdit
from clmis.records.pages import PartPages
from modules.casework.pages import CasePages
from modules.casework.views import case_panel
from modules.job_seekers.forms import (
    EducationForm,
    ExperienceForm,
    JobSeekerForm,
    MergeForm,
    RegistrationRulesForm,
)
from modules.job_seekers.listing import JOB_SEEKERS
from modules.job_seekers.models import Education, Experience, JobSeeker
from modules.job_seekers.selectors import (
    job_seeker_duplicates,
    job_seeker_possible_duplicates,
    job_seeker_shown,
    job_seekers_listed,
    registration_rules,
)
from modules.job_seekers.services import (
    DuplicateRegistration,
    education_save,
    experience_save,
    job_seeker_register,
    job_seeker_update,
    job_seeker_update_from_registration,
    job_seekers_merge,
    registration_rules_save,
)

FORM = "job_seekers/job_seeker_form.html"

PAGES = CasePages(
    model=JobSeeker,
    name="job_seeker",
    listing=JOB_SEEKERS,
    records=job_seekers_listed,
    form=JobSeekerForm,
    save=lambda record, values, version, by: job_seeker_update(
        job_seeker=record, values=values, version=version, by=by
    ),
    created=gettext_lazy("Job seeker %(record)s is registered."),
    changed=gettext_lazy("Your changes to %(record)s are saved."),
)
job_seeker_list = PAGES.list_view()
job_seeker_export = PAGES.export_view()
job_seeker_edit = PAGES.edit_view()


@login_required
@permission_required("job_seekers.add_jobseeker", raise_exception=True)
@require_http_methods(["GET", "POST"])
def job_seeker_create(request: HttpRequest) -> HttpResponse:
    """Register a job seeker; one who seems registered already is refused with the registrations found,
    offering to update one of them instead (or, for a name alike only, to register a different person)."""
    form = JobSeekerForm(request.POST or None)
    refusals: list[DuplicateRegistration] = []
    if request.method == "POST":
        different_person = request.POST.get("different_person") == "yes"

        def register(values: dict, version: int | None) -> JobSeeker:
            try:
                return job_seeker_register(values=values, different_person=different_person, by=request.user)
            except DuplicateRegistration as refusal:
                refusals.append(refusal)
                raise

        saved = form_save(form, register)
        if saved is not None:
            messages.success(
                request,
                _("Job seeker %(record)s is registered. Add their education and work experience below.")
                % {"record": saved},
            )
            return redirect(saved)
    return render(request, FORM, {"form": form, "refusal": refusals[0] if refusals else None})


@login_required
@permission_required("job_seekers.change_jobseeker", raise_exception=True)
@require_POST
def job_seeker_update_from_registration_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The registration form's details applied to the registration found as its duplicate, renewed."""
    job_seeker = get_object_or_404(job_seekers_listed(), pk=pk)
    form = JobSeekerForm(request.POST)
    version = request.POST.get("existing_version", "")

    def update(values: dict, _version: int | None) -> JobSeeker:
        try:
            return job_seeker_update_from_registration(
                job_seeker=job_seeker,
                values=values,
                version=int(version) if version.isdigit() else None,
                by=request.user,
            )
        except StaleEdit as stale:  # the form is a registration's: nothing of the record to reload into it
            raise ValidationError(stale.messages) from stale

    saved = form_save(form, update)
    if saved is not None:
        messages.success(
            request,
            _("The details entered are applied to %(record)s, and its registration is renewed.")
            % {"record": saved},
        )
        return redirect(saved)
    duplicates = job_seeker_duplicates(
        first_name=request.POST.get("first_name", ""),
        family_name=request.POST.get("family_name", ""),
        birth_date=form.cleaned_data.get("birth_date"),
        nis_number=request.POST.get("nis_number", ""),
    )
    refusal = DuplicateRegistration(duplicates) if duplicates else None
    return render(request, FORM, {"form": form, "refusal": refusal})


@login_required
@permission_required("job_seekers.view_jobseeker", raise_exception=True)
def job_seeker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job_seeker = get_object_or_404(job_seeker_shown(pk))
    may_merge = request.user.has_perm("job_seekers.merge_jobseeker") and job_seeker.status != "merged"
    duplicates = job_seeker_possible_duplicates(job_seeker)
    withhold([duplicate.job_seeker for duplicate in duplicates], request.user)
    context = {
        "job_seeker": job_seeker,
        **case_panel(request, job_seeker),
        "duplicates": duplicates,
        "merge_form": MergeForm(initial={"version": job_seeker.version}) if may_merge else None,
    }
    return render(request, "job_seekers/job_seeker_detail.html", context)


@login_required
@permission_required("job_seekers.merge_jobseeker", raise_exception=True)
@require_POST
def job_seeker_merge_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge the registration named in the form into this one (a supervisor's decision)."""
    kept = get_object_or_404(job_seekers_listed(), pk=pk)
    form = MergeForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(kept)
    reference = form.cleaned_data["duplicate"].strip()
    duplicate = job_seekers_listed().filter(reference__iexact=reference).first()
    if duplicate is None:
        messages.error(request, _("No job seeker is registered as %(reference)s.") % {"reference": reference})
        return redirect(kept)
    try:
        job_seekers_merge(
            kept=kept, duplicate=duplicate, version=form.cleaned_data["version"], by=request.user
        )
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(duplicate)s is merged into %(kept)s.") % {"duplicate": duplicate.reference, "kept": kept},
        )
    return redirect(kept)


@login_required
@permission_required("job_seekers.view_registrationrules", raise_exception=True)
@require_http_methods(["GET", "POST"])
def registration_rules_page(request: HttpRequest) -> HttpResponse:
    """The country's registration rules: set by its LMIS administrator, read by everyone else."""
    rules = registration_rules()
    may_change = request.user.has_perm("job_seekers.change_registrationrules")
    if request.method == "POST" and not may_change:
        raise PermissionDenied
    form = RegistrationRulesForm(request.POST or None, instance=rules) if may_change else None
    if request.method == "POST":
        saved = form_save(
            form,
            lambda values, version: registration_rules_save(values=values, version=version, by=request.user),
        )
        if saved is not None:
            messages.success(request, _("The registration rules are saved."))
            return redirect("job_seekers:rules")
    context = {"rules": rules, "form": form, "history": history_of(rules) if rules.pk else []}
    return render(request, "job_seekers/rules.html", context)


EDUCATION = PartPages(
    model=Education,
    parent="job_seeker",
    form=EducationForm,
    save=education_save,
    titles=(gettext_lazy("Record education"), gettext_lazy("Edit the education")),
    created=gettext_lazy("The education is recorded."),
    changed=gettext_lazy("Your changes to the education are saved."),
    template="job_seekers/part_form.html",
)
education_create = EDUCATION.create_view()
education_edit = EDUCATION.edit_view()

EXPERIENCE = PartPages(
    model=Experience,
    parent="job_seeker",
    form=ExperienceForm,
    save=experience_save,
    titles=(gettext_lazy("Record work experience"), gettext_lazy("Edit the work experience")),
    created=gettext_lazy("The work experience is recorded."),
    changed=gettext_lazy("Your changes to the work experience are saved."),
    template="job_seekers/part_form.html",
)
experience_create = EXPERIENCE.create_view()
experience_edit = EXPERIENCE.edit_view()
