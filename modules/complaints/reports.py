from django.db.models import F, Sum
from django.utils.translation import gettext_lazy as _

from modules.complaints.models import Complaint, Outcome
from modules.reports.dimensions import code_table, district, isic_section, sex
from modules.reports.tables import Dimension, Measure, StatisticalTable, WorkflowTable

PERMISSION = "complaints.view_complaint"


CATEGORY = Dimension("category", _("Category"), F("category__title"))

BY_CATEGORY_AND_SEX = StatisticalTable(
    key="complaints-by-category-and-sex",
    title=_("Complaints received, by category and sex of the complainant"),
    permission=PERMISSION,
    records=Complaint.objects.all,
    rows=CATEGORY,
    columns=sex("complainant_sex"),
    date_field="opened_on",
)
BY_NATIONALITY_AND_SEX = StatisticalTable(
    key="complaints-by-nationality-and-sex",
    title=_("Complaints received, by nationality and sex of the complainant"),
    permission=PERMISSION,
    records=Complaint.objects.all,
    rows=code_table("nationality", _("Nationality"), "complainant_nationality", "iso3166"),
    columns=sex("complainant_sex"),
    date_field="opened_on",
)
BY_DISTRICT_AND_CATEGORY = StatisticalTable(
    key="complaints-by-district-and-category",
    title=_("Complaints received, by district of the employer and category"),
    permission=PERMISSION,
    records=Complaint.objects.all,
    rows=district("employer__district"),
    columns=CATEGORY,
    date_field="opened_on",
)
BY_ACTIVITY_AND_OUTCOME = StatisticalTable(
    key="complaints-by-activity-and-outcome",
    title=_("Complaints received, by economic activity of the employer and outcome"),
    permission=PERMISSION,
    records=Complaint.objects.all,
    rows=isic_section("employer__isic__path"),
    columns=Dimension(
        "outcome",
        _("Outcome"),
        F("outcome"),
        labels=lambda: dict(Outcome.choices),
        all_values=lambda: list(Outcome.values),
    ),
    date_field="opened_on",
)
AMOUNTS_BY_CATEGORY = StatisticalTable(
    key="complaints-amounts",
    title=_("Amounts claimed and recovered, by category"),
    permission=PERMISSION,
    records=Complaint.objects.all,
    rows=CATEGORY,
    measures=(
        Measure("claimed", _("Amount claimed"), Sum("amount_claimed")),
        Measure("recovered", _("Amount recovered"), Sum("amount_recovered")),
    ),
    date_field="opened_on",
    # Claimed and recovered are not parts of one whole: no total across them.
    row_totals=False,
)
WORKFLOW = WorkflowTable(
    key="complaints-workflow",
    title=_("Open complaints by stage and officer"),
    permission=PERMISSION,
    model=Complaint,
)
