from django.db.models import F, Sum
from django.db.models.functions import Left
from django.utils.translation import gettext_lazy as _

from modules.complaints.models import Complaint, Outcome
from modules.reference.choices import Sex
from modules.reference.models import Code
from modules.reports.tables import Dimension, Measure, StatisticalTable, WorkflowTable

PERMISSION = "complaints.view_complaint"


def _sections() -> dict:
    return {
        code: f"{code} {title}"
        for code, title in Code.objects.filter(classification__key="isic4", level=1).values_list(
            "code", "title"
        )
    }


CATEGORY = Dimension("category", _("Category"), F("category__title"))

BY_CATEGORY_AND_SEX = StatisticalTable(
    key="complaints-by-category-and-sex",
    title=_("Complaints received, by category and sex of the complainant"),
    permission=PERMISSION,
    records=Complaint.objects.all,
    rows=CATEGORY,
    columns=Dimension(
        "sex",
        _("Sex"),
        F("complainant_sex"),
        labels=lambda: dict(Sex.choices),
        all_values=lambda: list(Sex.values),
    ),
    date_field="opened_on",
)
BY_ACTIVITY_AND_OUTCOME = StatisticalTable(
    key="complaints-by-activity-and-outcome",
    title=_("Complaints received, by economic activity of the employer and outcome"),
    permission=PERMISSION,
    records=Complaint.objects.all,
    rows=Dimension(
        "section", _("Economic activity (ISIC section)"), Left("employer__isic__path", 1), labels=_sections
    ),
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
