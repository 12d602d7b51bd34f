from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from clmis.audit.history import history_of
from clmis.records.forms import form_save
from clmis.records.pages import RecordPages
from modules.employers.listing import EmployerFilter
from modules.employers.models import Employer
from modules.vacancy_surveys.forms import ResponseForm, ResponseLineFormSet, RoundForm
from modules.vacancy_surveys.listing import RESPONSE_LINES, RESPONSES, ROUNDS
from modules.vacancy_surveys.models import SurveyResponse, SurveyRound
from modules.vacancy_surveys.reports import round_results
from modules.vacancy_surveys.selectors import (
    employers_to_sample,
    response_lines_exported,
    response_with_lines,
    responses_listed,
    round_response_rate,
    rounds_listed,
    sample_of,
)
from modules.vacancy_surveys.services import (
    response_save,
    round_close,
    round_open,
    round_reopen,
    round_sample_add,
    round_sample_remove,
    round_save,
)

SAMPLE_PAGE_SIZE = 50

PAGES = RecordPages(
    model=SurveyRound,
    name="round",
    listing=ROUNDS,
    records=rounds_listed,
    form=RoundForm,
    save=lambda record, values, version, by: round_save(round=record, values=values, version=version, by=by),
    created=gettext_lazy("“%(record)s” is planned. Choose the employers to ask, then open it for responses."),
    changed=gettext_lazy("Your changes to “%(record)s” are saved."),
)
round_list = PAGES.list_view()
round_export = PAGES.export_view()
round_create = PAGES.create_view()
_round_edit = PAGES.edit_view()


@login_required
@permission_required("vacancy_surveys.view_surveyround", raise_exception=True)
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The round: its status and the supervisor's actions, the sample, the responses, the results."""
    survey_round = get_object_or_404(SurveyRound, pk=pk)
    context = {
        "round": survey_round,
        "rate": round_response_rate(survey_round),
        "results": round_results(survey_round),
        "history": history_of(survey_round),
    }
    return render(request, "vacancy_surveys/round_detail.html", context)


@login_required
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The edit page, not offered for a closed round (read-only until a supervisor reopens it)."""
    survey_round = get_object_or_404(SurveyRound.objects.only("status"), pk=pk)
    if survey_round.is_closed:
        messages.error(
            request, _("The round is closed and cannot be changed: a supervisor reopens it first.")
        )
        return redirect("vacancy_surveys:detail", pk=pk)
    return _round_edit(request, pk)


@login_required
@permission_required("vacancy_surveys.open_surveyround", raise_exception=True)
@require_POST
def round_open_page(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = get_object_or_404(SurveyRound, pk=pk)
    if _done(request, lambda: round_open(round=survey_round, version=_version(request), by=request.user)):
        messages.success(
            request,
            _("“%(record)s” is open: record the responses as they come in.") % {"record": survey_round},
        )
    return redirect(survey_round)


@login_required
@permission_required("vacancy_surveys.open_surveyround", raise_exception=True)
@require_POST
def round_close_page(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = get_object_or_404(SurveyRound, pk=pk)
    if _done(request, lambda: round_close(round=survey_round, version=_version(request), by=request.user)):
        messages.success(
            request, _("“%(record)s” is closed: its results are final.") % {"record": survey_round}
        )
    return redirect(survey_round)


@login_required
@permission_required("vacancy_surveys.open_surveyround", raise_exception=True)
@require_POST
def round_reopen_page(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = get_object_or_404(SurveyRound, pk=pk)
    reason = request.POST.get("reason", "")
    if _done(
        request,
        lambda: round_reopen(round=survey_round, reason=reason, version=_version(request), by=request.user),
    ):
        messages.success(request, _("“%(record)s” is open again.") % {"record": survey_round})
    return redirect(survey_round)


class SampleCandidateFilter(EmployerFilter):
    """The register's own filters, to choose whom to ask among the employers in business."""

    active = None

    class Meta(EmployerFilter.Meta):
        fields = ["q", "section", "size_band", "district"]


@login_required
@permission_required("vacancy_surveys.view_surveyround", raise_exception=True)
def round_letters(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter asking each employer of the sample for its vacancies, one page each, with the form to
    fill in: printed and posted or handed over where employers do not answer by email. `?waiting=1`
    prints them only for those who have not responded yet (the reminder)."""
    survey_round = get_object_or_404(SurveyRound, pk=pk)
    employers = sample_of(survey_round).order_by("name")
    if request.GET.get("waiting"):
        employers = employers.filter(responded=False)
    context = {"round": survey_round, "employers": employers, "country": request.tenant.name}
    return render(request, "vacancy_surveys/round_letters.html", context)


@login_required
@permission_required("vacancy_surveys.view_surveyround", raise_exception=True)
@require_http_methods(["GET", "POST"])
def round_sample(request: HttpRequest, pk: int) -> HttpResponse:
    """The employers asked, and the register filtered by activity, size and district to add more:
    those ticked, or all the filter finds. POST needs the right to change rounds (403 without it, as
    everywhere)."""
    survey_round = get_object_or_404(SurveyRound, pk=pk)
    filters = SampleCandidateFilter(request.GET or None, queryset=employers_to_sample(survey_round))
    candidates = filters.qs if filters.is_bound and filters.is_valid() else filters.queryset
    if request.method == "POST":
        if not request.user.has_perm("vacancy_surveys.change_surveyround"):
            raise PermissionDenied(_("Your role does not allow changing the sample."))
        _sample_change(request, survey_round, candidates)
        query = request.GET.urlencode()
        return redirect(f"{request.path}?{query}" if query else request.path)
    page = Paginator(candidates.order_by("name", "pk"), SAMPLE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "round": survey_round,
        "filters": filters,
        "page": page,
        "sample": sample_of(survey_round).order_by("name", "pk"),
        "query": request.GET.urlencode(),
        "may_change": request.user.has_perm("vacancy_surveys.change_surveyround")
        and not survey_round.is_closed,
    }
    return render(request, "vacancy_surveys/round_sample.html", context)


def _sample_change(request: HttpRequest, survey_round: SurveyRound, candidates) -> None:
    """Take the ticked employers out of the sample, or add the ticked ones (or all those found)."""
    try:
        if "remove" in request.POST:
            chosen = Employer.objects.filter(pk__in=_ids(request.POST.getlist("sampled")))
            count = round_sample_remove(round=survey_round, employers=chosen, by=request.user)
            done = ngettext(
                "%(count)s employer taken out of the sample.",
                "%(count)s employers taken out of the sample.",
                count,
            )
        else:
            if "all" not in request.POST:
                candidates = candidates.filter(pk__in=_ids(request.POST.getlist("employer")))
            chosen = Employer.objects.filter(pk__in=candidates.values("pk")).only("pk")
            count = round_sample_add(round=survey_round, employers=chosen, by=request.user)
            done = ngettext(
                "%(count)s employer added to the sample.", "%(count)s employers added to the sample.", count
            )
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
    else:
        messages.success(request, done % {"count": count})


@login_required
@permission_required("vacancy_surveys.view_surveyresponse", raise_exception=True)
def response_list(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = get_object_or_404(SurveyRound, pk=pk)
    may_export = request.user.has_perm("vacancy_surveys.export_surveyround")
    export = reverse("vacancy_surveys:response-export", args=[pk]) if may_export else ""
    context = RESPONSES.context(request, responses_listed(survey_round), export_url=export)
    return render(request, "vacancy_surveys/response_list.html", {**context, "round": survey_round})


@login_required
@permission_required("vacancy_surveys.export_surveyround", raise_exception=True)
def response_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The round's responses, a row per line, with the round and its response rate below them."""
    survey_round = get_object_or_404(SurveyRound, pk=pk)
    rate = round_response_rate(survey_round)
    notes = [
        survey_round.title,
        _("Reference date: %(date)s") % {"date": survey_round.reference_date.isoformat()},
        _("Employers asked: %(sampled)s; responded: %(responded)s; response rate: %(percent)s %%")
        % {"sampled": rate.sampled, "responded": rate.responded, "percent": rate.percent or 0},
    ]
    return RESPONSE_LINES.export(request, response_lines_exported(survey_round), notes=notes)


@login_required
@permission_required("vacancy_surveys.view_surveyresponse", raise_exception=True)
def response_detail(request: HttpRequest, pk: int) -> HttpResponse:
    response = get_object_or_404(response_with_lines(pk))
    context = {"response": response, "round": response.round, "history": history_of(response)}
    return render(request, "vacancy_surveys/response_detail.html", context)


@login_required
@permission_required("vacancy_surveys.add_surveyresponse", raise_exception=True)
@require_http_methods(["GET", "POST"])
def response_create(request: HttpRequest, pk: int) -> HttpResponse:
    survey_round = get_object_or_404(SurveyRound, pk=pk)
    return _response_page(request, survey_round, SurveyResponse(round=survey_round))


@login_required
@permission_required("vacancy_surveys.change_surveyresponse", raise_exception=True)
@require_http_methods(["GET", "POST"])
def response_edit(request: HttpRequest, pk: int) -> HttpResponse:
    response = get_object_or_404(SurveyResponse.objects.select_related("round"), pk=pk)
    return _response_page(request, response.round, response)


def _response_page(request: HttpRequest, survey_round: SurveyRound, response: SurveyResponse) -> HttpResponse:
    """The response and its lines on one page, saved together by the service or not at all."""
    if not survey_round.is_open:
        messages.error(request, _closed_message(survey_round))
        return redirect(response if response.pk else survey_round)
    data = request.POST or None
    form = ResponseForm(data, instance=response, survey_round=survey_round)
    lines = ResponseLineFormSet(data, instance=response, prefix="lines")
    if request.method == "POST":
        saved = None
        if lines.is_valid():
            saved = form_save(
                form,
                lambda values, version: _response_save(
                    survey_round, response, {**values, "lines": lines.lines()}, version, request.user
                ),
            )
        else:
            form.is_valid()  # the response's own errors are shown beside those of its lines
        if saved is not None:
            done = _("The response of %(employer)s is saved.") % {"employer": saved.employer}
            messages.success(request, done)
            return redirect(saved)
    context = {
        "form": form,
        "lines": lines,
        "round": survey_round,
        "response": response if response.pk else None,
    }
    if response.pk:
        context["history"] = history_of(response)
    return render(request, "vacancy_surveys/response_form.html", context)


def _response_save(survey_round, response, values, version, by) -> SurveyResponse:
    """The service, its refusals about lines shown above the form (the lines themselves were checked
    row by row by the formset already)."""
    try:
        return response_save(
            round=survey_round,
            response=response if response.pk else None,
            values=values,
            version=version,
            by=by,
        )
    except ValidationError as refused:
        if hasattr(refused, "error_dict") and "lines" in refused.error_dict:
            errors = dict(refused.error_dict)
            errors.setdefault(NON_FIELD_ERRORS, []).extend(errors.pop("lines"))
            raise ValidationError(errors) from refused
        raise


def _closed_message(survey_round: SurveyRound) -> str:
    if survey_round.is_closed:
        return _("The round is closed: its responses can no longer be changed.")
    return _("The round is not open yet: responses are recorded once a supervisor opens it.")


def _ids(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit()]


def _version(request: HttpRequest) -> int | None:
    text = request.POST.get("version", "")
    return int(text) if text.isdigit() else None


def _done(request: HttpRequest, change) -> bool:
    """Run a status change; a refusal (stale, wrong status, no reason) becomes a message on the page."""
    try:
        change()
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
        return False
    return True
