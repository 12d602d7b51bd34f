from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from modules.farm_programme.models import FarmWorker
from modules.reports.dimensions import code_table, district, sex
from modules.reports.tables import Measure, StatisticalTable, WorkflowTable

PERMISSION = "farm_programme.view_farmworker"
DESTINATION = code_table("destination", _("Destination"), "round__destination", "iso3166")
SEX = sex("sex")


def _departed():
    return FarmWorker.objects.filter(departed_on__isnull=False)


def _returned():
    return FarmWorker.objects.filter(returned_on__isnull=False)


DEPARTURES_BY_DESTINATION_AND_SEX = StatisticalTable(
    key="farm-programme-departures",
    title=_("Farm workers departed, by destination and sex"),
    permission=PERMISSION,
    records=_departed,
    rows=DESTINATION,
    columns=SEX,
    date_field="departed_on",
)
RETURNS_BY_DESTINATION_AND_SEX = StatisticalTable(
    key="farm-programme-returns",
    title=_("Farm workers returned, by destination and sex"),
    permission=PERMISSION,
    records=_returned,
    rows=DESTINATION,
    columns=SEX,
    date_field="returned_on",
)
APPLICANTS_BY_DISTRICT_AND_SEX = StatisticalTable(
    key="farm-programme-applicants",
    title=_("Applicants to the farm programme, by district and sex"),
    permission=PERMISSION,
    records=FarmWorker.objects.all,
    rows=district("district"),
    columns=SEX,
    date_field="opened_on",
)
EARNINGS_BY_DESTINATION = StatisticalTable(
    key="farm-programme-earnings",
    title=_("Earnings and remittances reported by returned workers, by destination (its currency)"),
    permission=PERMISSION,
    records=_returned,
    rows=DESTINATION,
    measures=(
        Measure("earnings", _("Earnings reported"), Sum("earnings_reported")),
        Measure("remittances", _("Remittances reported"), Sum("remittances_reported")),
    ),
    date_field="returned_on",
    # Remittances are part of the earnings, not added to them.
    row_totals=False,
)
WORKFLOW = WorkflowTable(
    key="farm-programme-workflow",
    title=_("Open farm programme applications by stage and officer"),
    permission=PERMISSION,
    model=FarmWorker,
)
