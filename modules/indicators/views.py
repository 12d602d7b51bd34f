import uuid
from urllib.parse import urlencode

from celery.result import AsyncResult
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.signing import Signer
from django.db import connection
from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from clmis.audit.history import history_of
from clmis.records.pages import RecordPages
from modules.indicators.forms import (
    UPLOAD_BACKGROUND_BYTES,
    AgencyForm,
    AgencyMemberForm,
    ApproveForm,
    IndicatorForm,
    RejectForm,
    ReleaseForm,
    SubmissionForm,
    UploadForm,
    ValuesFilterForm,
)
from modules.indicators.listing import AGENCIES, INDICATORS, RELEASES
from modules.indicators.models import Agency, AgencyMember, Indicator, Observation, Release
from modules.indicators.selectors import (
    agency_of,
    indicators_submittable,
    observations_submitted_for,
    observations_vetted,
    submission_uploads_of,
    submission_uploads_visible_to,
)
from modules.indicators.services import (
    agency_member_add,
    agency_member_remove,
    agency_save,
    indicator_save,
    observations_approve,
    observations_reject,
    observations_submit,
    release_save,
    submission_upload_receive,
)
from modules.indicators.submissions import (
    ERRORS_KEPT,
    MAX_ROWS,
    MAX_ROWS_BACKGROUND,
    RowError,
    SubmissionRefused,
    error_report_csv,
    submission_read,
    submission_template_csv,
    submission_template_xlsx,
)
from modules.indicators.tasks import indicators_compute_period
from modules.reports.periods import period_parse
from regional_hub.catalogue.selectors import current_definition, indicators_with_definition

PAGES = RecordPages(
    model=Indicator,
    name="indicator",
    listing=INDICATORS,
    records=lambda: Indicator.objects.select_related("agency"),
    form=IndicatorForm,
    save=lambda record, values, version, by: indicator_save(
        indicator=record, values=values, version=version, by=by
    ),
    created=_("The indicator %(record)s is added to the package."),
    changed=_("Your changes to %(record)s are saved."),
)
indicator_list = PAGES.list_view()
indicator_export = PAGES.export_view()
indicator_detail = PAGES.detail_view()
indicator_create = PAGES.create_view()
indicator_edit = PAGES.edit_view()

RELEASE_PAGES = RecordPages(
    model=Release,
    name="release",
    listing=RELEASES,
    records=lambda: Release.objects.select_related("indicator"),
    form=ReleaseForm,
    save=lambda record, values, version, by: release_save(
        release=record, values=values, version=version, by=by
    ),
    created=_("The release %(record)s is in the calendar."),
    changed=_("Your changes to %(record)s are saved."),
    export_url_name="indicators:release-export",
)
release_list = RELEASE_PAGES.list_view()
release_export = RELEASE_PAGES.export_view()
release_create = RELEASE_PAGES.create_view()
release_edit = RELEASE_PAGES.edit_view()

AGENCY_PAGES = RecordPages(
    model=Agency,
    name="agency",
    listing=AGENCIES,
    records=Agency.objects.all,
    form=AgencyForm,
    save=lambda record, values, version, by: agency_save(
        agency=record, values=values, version=version, by=by
    ),
    created=_("%(record)s is registered as a partner agency."),
    changed=_("Your changes to %(record)s are saved."),
    export_url_name="indicators:agency-export",
)
agency_list = AGENCY_PAGES.list_view()
agency_export = AGENCY_PAGES.export_view()
agency_create = AGENCY_PAGES.create_view()
agency_edit = AGENCY_PAGES.edit_view()


@login_required
@permission_required("indicators.view_indicator", raise_exception=True)
def catalogue(request: HttpRequest) -> HttpResponse:
    """The hub's harmonised catalogue as the country sees it: each indicator's current definition and
    the country's indicator it maps to (its agency, in the package or not)."""
    own = {
        indicator.code: indicator
        for indicator in Indicator.objects.filter(harmonised=True).select_related("agency")
    }
    rows = [
        (indicator, current_definition(indicator), own.get(indicator.code))
        for indicator in indicators_with_definition().order_by("topic", "code")
    ]
    return render(request, "indicators/catalogue.html", {"rows": rows})


class ComputeForm(forms.Form):
    period = forms.CharField(
        label=_("Period"),
        max_length=7,
        help_text=_("A year (2026), a quarter (2026-Q2) or a month (2026-06)."),
    )

    def clean_period(self) -> str:
        return period_parse(self.cleaned_data["period"]).text


@login_required
@permission_required("indicators.change_indicator", raise_exception=True)
@require_http_methods(["GET", "POST"])
def compute(request: HttpRequest) -> HttpResponse:
    """Compute the indicators of a period now, in the background; the next page shows its progress."""
    form = ComputeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        task_id = str(uuid.uuid4())
        period = form.cleaned_data["period"]
        indicators_compute_period.apply_async_on_commit((period,), task_id=task_id)
        return redirect(compute_progress_url(task_id))
    computed = Observation.objects.filter(origin=Observation.Origin.COMPUTED)
    periods = (
        computed.values("period").annotate(values=Count("pk"), at=Max("computed_at")).order_by("-period")
    )
    return render(request, "indicators/compute.html", {"form": form, "periods": periods[:24]})


@login_required
@permission_required("indicators.change_indicator", raise_exception=True)
def compute_progress(request: HttpRequest, task_id: uuid.UUID) -> HttpResponse:
    """Where the computation stands; the page refreshes itself until it is done (no script needed).

    Every country's task results are in one result backend, found by task id alone: the page answers
    only at the address its own country gave (see compute_progress_url), so another country's task id
    (from a shared link, a browser history, a log) shows nothing of that country's computation."""
    if not constant_time_compare(request.GET.get("key", ""), _progress_key(str(task_id))):
        raise Http404
    result = AsyncResult(str(task_id))
    info = result.info if isinstance(result.info, dict) else {}
    context = {"state": result.state, "done": info.get("done", 0), "total": info.get("total", 0)}
    if result.successful():
        context["result"] = result.result
    return render(request, "indicators/compute_progress.html", context)


def compute_progress_url(task_id: str) -> str:
    """The address of a computation's progress page, valid in the country asking for it only."""
    page = reverse("indicators:compute-progress", kwargs={"task_id": task_id})
    return f"{page}?{urlencode({'key': _progress_key(task_id)})}"


def _progress_key(task_id: str) -> str:
    return Signer(salt=f"indicators.compute-progress.{connection.schema_name}").signature(task_id)


# --- an agency's submitters, kept on its page by the LMIS administrators --------------------------------


@login_required
@permission_required("indicators.view_agency", raise_exception=True)
def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The agency, its indicators and its submitters (added and removed here), with its history."""
    agency = get_object_or_404(Agency, pk=pk)
    context = {
        "agency": agency,
        "history": history_of(agency),
        "members": agency.members.select_related("user"),
        "member_form": AgencyMemberForm(),
    }
    return render(request, "indicators/agency_detail.html", context)


@login_required
@permission_required("indicators.add_agencymember", raise_exception=True)
@require_POST
def agency_member_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_object_or_404(Agency, pk=pk)
    form = AgencyMemberForm(request.POST)
    if form.is_valid():
        try:
            agency_member_add(agency=agency, user=form.cleaned_data["user"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(user)s now submits for %(agency)s.")
                % {"user": form.cleaned_data["user"], "agency": agency},
            )
    else:
        messages.error(request, _("Choose a submitter."))
    return redirect(agency)


@login_required
@permission_required("indicators.delete_agencymember", raise_exception=True)
@require_POST
def agency_member_remove_view(request: HttpRequest, pk: int, user_id: int) -> HttpResponse:
    member = get_object_or_404(
        AgencyMember.objects.select_related("agency", "user"), agency_id=pk, user_id=user_id
    )
    agency_member_remove(agency=member.agency, user=member.user, by=request.user)
    messages.success(
        request,
        _("%(user)s no longer submits for %(agency)s.") % {"user": member.user, "agency": member.agency},
    )
    return redirect(member.agency)


# --- submissions: a submitter's start page, the form, the file, the template, the error report ------------

SESSION_REPORT = "indicators.submission_report"


def _submittable_or_404(request: HttpRequest, pk: int) -> Indicator:
    """The indicator, if the user's agency submits it: another agency's is not found."""
    return get_object_or_404(indicators_submittable(agency_of(request.user)), pk=pk)


@login_required
@permission_required("indicators.add_observation", raise_exception=True)
def submit_start(request: HttpRequest) -> HttpResponse:
    """The submitter's page: their agency's indicators and what they submitted, with its state."""
    agency = agency_of(request.user)
    context = {"agency": agency, "indicators": indicators_submittable(agency)}
    if agency is not None:
        context["submitted"] = observations_submitted_for(agency)[:200]
        context["uploads"] = submission_uploads_of(request.user)[:10]
    return render(request, "indicators/submit_start.html", context)


@login_required
@permission_required("indicators.add_observation", raise_exception=True)
@require_http_methods(["GET", "POST"])
def submit_form(request: HttpRequest, pk: int) -> HttpResponse:
    """One value, typed in."""
    indicator = _submittable_or_404(request, pk)
    form = SubmissionForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            observations_submit(indicator=indicator, rows=[form.row()], by=request.user)
        except SubmissionRefused as refused:
            for error in refused.errors:
                form.add_error(error.column if error.column in form.fields else None, error.message)
        else:
            messages.success(request, _("The value is submitted for approval."))
            return redirect("indicators:submit")
    return render(request, "indicators/submit_form.html", {"indicator": indicator, "form": form})


@login_required
@permission_required("indicators.add_observation", raise_exception=True)
@require_http_methods(["GET", "POST"])
def submit_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """A file of values (the template filled in), accepted whole or refused whole with its errors: at
    once if it is small, else checked in the background, its own page following the check."""
    indicator = _submittable_or_404(request, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {
        "indicator": indicator,
        "form": form,
        "background_kb": UPLOAD_BACKGROUND_BYTES // 1024,
        "background_rows": MAX_ROWS_BACKGROUND,
    }
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        if file.size > UPLOAD_BACKGROUND_BYTES:
            return redirect(submission_upload_receive(indicator=indicator, file=file, by=request.user))
        try:
            country = f"{request.country.code},{request.country.iso3}"
            rows = submission_read(name=file.name, content=file.read(), indicator=indicator, country=country)
            if len(rows) > MAX_ROWS:  # a small file of very short rows: more than a request checks
                file.seek(0)
                return redirect(submission_upload_receive(indicator=indicator, file=file, by=request.user))
            saved = observations_submit(indicator=indicator, rows=rows, first_row=2, by=request.user)
        except SubmissionRefused as refused:
            # Kept for the report's download, the next request.
            errors = [[error.row, error.column, error.message] for error in refused.errors[:ERRORS_KEPT]]
            request.session[SESSION_REPORT] = {"indicator": indicator.pk, "errors": errors}
            context["errors"] = refused.errors
        else:
            messages.success(request, _submitted(len(saved)))
            return redirect("indicators:submit")
    return render(request, "indicators/submit_upload.html", context)


def _submitted(count: int) -> str:
    return ngettext(
        "%(count)d value is submitted for approval.", "%(count)d values are submitted for approval.", count
    ) % {"count": count}


@login_required
def submit_upload_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Where the check of a large file stands; the page refreshes itself until the file is accepted,
    refused or the check failed (no script needed). Its submitter's, and the package keepers'."""
    upload = get_object_or_404(submission_uploads_visible_to(request.user), pk=pk)
    context = {"upload": upload, "errors": [RowError(*error) for error in upload.errors[:100]]}
    if upload.state == upload.State.ACCEPTED:
        context["submitted"] = _submitted(upload.values_saved)
    return render(request, "indicators/submit_upload_progress.html", context)


@login_required
def submit_upload_errors(request: HttpRequest, pk: int) -> HttpResponse:
    """The errors of a large file refused, as CSV: row, column, message."""
    upload = get_object_or_404(submission_uploads_visible_to(request.user), pk=pk)
    if upload.state != upload.State.REFUSED:
        raise Http404
    errors = [RowError(*error) for error in upload.errors]
    return _download(error_report_csv(errors), f"{upload.indicator.code}-errors.csv", "text/csv")


@login_required
@permission_required("indicators.add_observation", raise_exception=True)
def submit_error_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The errors of the last file refused, as CSV: row, column, message."""
    indicator = _submittable_or_404(request, pk)
    report = request.session.get(SESSION_REPORT) or {}
    if report.get("indicator") != indicator.pk:
        raise Http404
    errors = [RowError(*error) for error in report["errors"]]
    return _download(error_report_csv(errors), f"{indicator.code}-errors.csv", "text/csv")


@login_required
@permission_required("indicators.add_observation", raise_exception=True)
def submit_template(request: HttpRequest, pk: int, extension: str) -> HttpResponse:
    """The file to fill in: the indicator's columns, as CSV or Excel."""
    indicator = _submittable_or_404(request, pk)
    if extension == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return _download(submission_template_xlsx(indicator), f"{indicator.code}.xlsx", content_type)
    return _download(submission_template_csv(indicator), f"{indicator.code}.csv", "text/csv")


def _download(content: str | bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- vetting: the LMIS administrator approves or rejects the values ----------------------------------------


@login_required
@permission_required("indicators.approve_observation", raise_exception=True)
@require_http_methods(["GET", "POST"])
def values_vet(request: HttpRequest) -> HttpResponse:
    """The values waiting (or as filtered), and the decision on those chosen: approve, public from a
    moment, or reject with a reason."""
    filters = ValuesFilterForm(request.GET or {"state": Observation.State.SUBMITTED})
    approve, reject = ApproveForm(prefix="approve"), RejectForm(prefix="reject")
    if request.method == "POST":
        chosen = Observation.objects.filter(pk__in=request.POST.getlist("selected"))
        try:
            if request.POST.get("decision") == "approve":
                approve = ApproveForm(request.POST, prefix="approve")
                if approve.is_valid():
                    count = observations_approve(
                        observations=chosen, publish_at=approve.cleaned_data["publish_at"], by=request.user
                    )
                    messages.success(
                        request,
                        ngettext("%(count)d value is approved.", "%(count)d values are approved.", count)
                        % {"count": count},
                    )
                    return redirect(request.get_full_path())
            else:
                reject = RejectForm(request.POST, prefix="reject")
                if reject.is_valid():
                    count = observations_reject(
                        observations=chosen, reason=reject.cleaned_data["reason"], by=request.user
                    )
                    messages.success(
                        request,
                        ngettext("%(count)d value is rejected.", "%(count)d values are rejected.", count)
                        % {"count": count},
                    )
                    return redirect(request.get_full_path())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    criteria = filters.cleaned_data if filters.is_valid() else {}
    values = observations_vetted(**{name: value for name, value in criteria.items() if value})
    context = {"filters": filters, "approve": approve, "reject": reject, "values": values[:300]}
    context["total"] = values.count()
    return render(request, "indicators/values.html", context)
