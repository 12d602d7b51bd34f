import uuid

from celery.result import AsyncResult
from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.db import transaction
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from clmis.records.pages import RecordPages
from modules.indicators.forms import AgencyForm, IndicatorForm
from modules.indicators.listing import AGENCIES, INDICATORS
from modules.indicators.models import Agency, Indicator, Observation
from modules.indicators.services import agency_save, indicator_save
from modules.indicators.tasks import indicators_compute_period
from modules.reports.periods import period_parse

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
agency_detail = AGENCY_PAGES.detail_view()
agency_create = AGENCY_PAGES.create_view()
agency_edit = AGENCY_PAGES.edit_view()


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
        transaction.on_commit(lambda: indicators_compute_period.apply_async((period,), task_id=task_id))
        return redirect("indicators:compute-progress", task_id=task_id)
    computed = Observation.objects.filter(origin=Observation.Origin.COMPUTED)
    periods = (
        computed.values("period").annotate(values=Count("pk"), at=Max("computed_at")).order_by("-period")
    )
    return render(request, "indicators/compute.html", {"form": form, "periods": periods[:24]})


@login_required
@permission_required("indicators.change_indicator", raise_exception=True)
def compute_progress(request: HttpRequest, task_id: uuid.UUID) -> HttpResponse:
    """Where the computation stands; the page refreshes itself until it is done (no script needed)."""
    result = AsyncResult(str(task_id))
    info = result.info if isinstance(result.info, dict) else {}
    context = {"state": result.state, "done": info.get("done", 0), "total": info.get("total", 0)}
    if result.successful():
        context["result"] = result.result
    return render(request, "indicators/compute_progress.html", context)
