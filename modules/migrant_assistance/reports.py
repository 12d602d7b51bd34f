"""Requests for assistance abroad received in the period: by destination, type of request and occupation,
each by sex; the recruitment cost as a share of the first month's earnings (SDG 10.7.1) by destination;
and the open requests by stage and officer."""

from django.db.models import Avg, Count, DecimalField, ExpressionWrapper, F
from django.db.models.functions import Round
from django.utils.translation import gettext_lazy as _

from modules.migrant_assistance.models import REQUEST_TYPES, AssistanceRequest
from modules.migrant_assistance.selectors import with_cost_and_earnings
from modules.reports.dimensions import code_table, isco_major_group, sex
from modules.reports.tables import Measure, StatisticalTable, WorkflowTable

PERMISSION = "migrant_assistance.view_assistancerequest"
DESTINATION = code_table("destination", _("Country of destination"), "destination", "iso3166")
SEX = sex("person_sex")
# Each worker's cost over their own earnings, then the mean of those ratios: SDG 10.7.1 averages the
# workers' ratios, it does not divide the total cost by the total earnings.
RATIO = ExpressionWrapper(
    F("recruitment_cost") / F("monthly_earnings"), output_field=DecimalField(max_digits=20, decimal_places=10)
)

BY_DESTINATION_AND_SEX = StatisticalTable(
    key="migrant-assistance-by-destination-and-sex",
    title=_("Requests for assistance abroad, by country of destination and sex"),
    permission=PERMISSION,
    records=AssistanceRequest.objects.all,
    rows=DESTINATION,
    columns=SEX,
    date_field="opened_on",
)
BY_TYPE_AND_SEX = StatisticalTable(
    key="migrant-assistance-by-type-and-sex",
    title=_("Requests for assistance abroad, by type of request and sex"),
    permission=PERMISSION,
    records=AssistanceRequest.objects.all,
    rows=code_table("request_type", _("Type of request"), "request_type", REQUEST_TYPES, every_code=True),
    columns=SEX,
    date_field="opened_on",
)
BY_OCCUPATION_AND_SEX = StatisticalTable(
    key="migrant-assistance-by-occupation-and-sex",
    title=_("Requests for assistance abroad, by occupation (ISCO major group) and sex"),
    permission=PERMISSION,
    records=AssistanceRequest.objects.all,
    rows=isco_major_group("occupation__path"),
    columns=SEX,
    date_field="opened_on",
)
RECRUITMENT_COST_BY_DESTINATION = StatisticalTable(
    key="migrant-assistance-recruitment-cost",
    title=_(
        "Recruitment cost as a share of the first month's earnings abroad (SDG 10.7.1), by country of "
        "destination"
    ),
    permission=PERMISSION,
    records=with_cost_and_earnings,
    rows=DESTINATION,
    measures=(
        Measure(
            "mean_ratio",
            _("Mean of the workers' recruitment cost ÷ first month's earnings"),
            Round(Avg(RATIO), 2),
            additive=False,
        ),
        Measure("workers", _("Workers it is based on"), Count("pk")),
    ),
    date_field="opened_on",
    # A mean and a number of workers: no total across them.
    row_totals=False,
)
WORKFLOW = WorkflowTable(
    key="migrant-assistance-workflow",
    title=_("Open requests for assistance abroad by stage and officer"),
    permission=PERMISSION,
    model=AssistanceRequest,
)
