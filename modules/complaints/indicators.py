"""The indicators computed from complaints (see modules.indicators.computing): received by sex and
category, settled by category, amounts recovered for workers."""

from django.db.models import Sum

from modules.complaints.models import Complaint
from modules.indicators.computing import Computation, national_code, sex
from modules.reports.dimensions import code_table

CATEGORY = national_code("CAT", code_table("category", "", "category", "complaint_category"))

RECEIVED = Computation(
    "CMP_RECV_SEX_CAT_NB", Complaint.objects.all, "opened_on", breakdowns=(sex("complainant_sex"), CATEGORY)
)
# Settled in full or in part: the workers got (some of) what they claimed.
SETTLED = Computation(
    "CMP_SETL_CAT_NB",
    lambda: Complaint.objects.filter(status="settled"),
    "settled_on",
    breakdowns=(CATEGORY,),
)
AMOUNTS_RECOVERED = Computation(
    "CMP_AMTR_NOC_NB",
    lambda: Complaint.objects.filter(status="settled"),
    "settled_on",
    measure=Sum("amount_recovered"),
)
