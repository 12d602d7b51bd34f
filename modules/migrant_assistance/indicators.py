"""The indicators computed from requests for assistance abroad (see modules.indicators.computing): the
workers assisted by sex, country of destination and type of request, counted when the request was
received and withdrawn ones included, as in the module's tables; and the recruitment cost as a share of
the first month's earnings abroad (an input of SDG 10.7.1) by destination."""

from django.db.models import Count, Sum

from modules.indicators.computing import Computation, country, national_code, sex
from modules.migrant_assistance.models import REQUEST_TYPES, AssistanceRequest
from modules.migrant_assistance.reports import RATIO
from modules.migrant_assistance.selectors import with_cost_and_earnings
from modules.reports.dimensions import code_table

DESTINATION = country("CDS", "destination")

ASSISTED = Computation(
    "MAS_CASE_SEX_CDS_NB",
    AssistanceRequest.objects.all,
    "opened_on",
    breakdowns=(
        sex("person_sex"),
        DESTINATION,
        national_code("TYPE", code_table("request_type", "", "request_type", REQUEST_TYPES)),
    ),
)
# The mean of the workers' own ratios, as the module's SDG 10.7.1 table: each worker's cost and earnings
# are in that worker's currency, so a total cost over total earnings would add unlike money. The rate's
# parts are the sum of the ratios and the number of workers, so the totals over destinations re-aggregate
# to the mean over all of them.
RECRUITMENT_COST_SHARE = Computation(
    "MAS_RCST_NOC_RT",
    with_cost_and_earnings,
    "opened_on",
    measure=Sum(RATIO),
    denominator=Count("pk"),
    breakdowns=(DESTINATION,),
)
