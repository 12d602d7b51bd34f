"""Data requests: the coordination unit's pages at the hub, and the country's page answering them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clmis.audit.history import history_of
from regional_hub.data_requests.forms import AnswerForm, DataRequestForm, DataRequestSearchForm
from regional_hub.data_requests.models import DataRequest
from regional_hub.data_requests.selectors import fulfilment, requests_matching, requests_of
from regional_hub.data_requests.services import data_request_answer, data_request_close, data_request_create


@login_required
@permission_required("data_requests.view_datarequest", raise_exception=True)
def request_list(request: HttpRequest) -> HttpResponse:
    search = DataRequestSearchForm(request.GET)
    filters = search.cleaned_data if search.is_valid() else {}
    page = Paginator(requests_matching(**filters), 25).get_page(request.GET.get("page"))
    return render(request, "data_requests/list.html", {"search": search, "page": page})


@login_required
@permission_required("data_requests.add_datarequest", raise_exception=True)
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    form = DataRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            made = data_request_create(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(
                request,
                _("%(country)s's administrators are told of the request.") % {"country": made.country.name},
            )
            return redirect(made)
    return render(request, "data_requests/form.html", {"form": form})


@login_required
@permission_required("data_requests.view_datarequest", raise_exception=True)
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(DataRequest.objects.select_related("country"), pk=pk)
    context = {"request_": found, "asked": fulfilment(found), "history": history_of(found)}
    return render(request, "data_requests/detail.html", context)


@login_required
@permission_required("data_requests.change_datarequest", raise_exception=True)
@require_POST
def request_close(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(DataRequest, pk=pk)
    data_request_close(request=found, by=request.user)
    messages.success(request, _("The request is closed."))
    return redirect(found)


@login_required
@permission_required("indicators.approve_observation", raise_exception=True)
@require_http_methods(["GET", "POST"])
def country_requests(request: HttpRequest) -> HttpResponse:
    """The hub's requests to the country, on its own site: each with what the hub already has, and
    the answer to give."""
    forms = {}
    if request.method == "POST":
        found = requests_of(request.country).filter(pk=request.POST.get("request")).first()
        if found is None:
            raise Http404
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                data_request_answer(request=found, answer=form.cleaned_data["answer"], by=request.user)
            except ValidationError as error:
                form.add_error("answer" if "answer" in getattr(error, "message_dict", {}) else None, error)
            else:
                messages.success(request, _("Your answer is sent to the regional coordination unit."))
                return redirect("indicators:hub-requests")
        forms[found.pk] = form
    rows = [
        (found, fulfilment(found), forms.get(found.pk) or AnswerForm())
        for found in requests_of(request.country)
    ]
    return render(request, "data_requests/country.html", {"rows": rows})
