from django.db.models import Count, F, Sum
from django.utils.translation import gettext_lazy as _

from modules.disputes.models import Dispute, Outcome
from modules.reports.dimensions import isic_section
from modules.reports.tables import Dimension, Measure, StatisticalTable, WorkflowTable

PERMISSION = "disputes.view_dispute"


OUTCOME = Dimension(
    "outcome",
    _("Outcome"),
    F("outcome"),
    labels=lambda: {**dict(Outcome.choices), None: _("not concluded")},
    all_values=lambda: list(Outcome.values),
)
SECTION = isic_section("employer__isic__path", _("Economic activity of the employer (ISIC section)"))

BY_ISSUE_AND_OUTCOME = StatisticalTable(
    key="disputes-by-issue-and-outcome",
    title=_("Disputes reported, by issue and outcome (a dispute over several issues is counted under each)"),
    permission=PERMISSION,
    records=Dispute.objects.all,
    rows=Dimension("issue", _("Issue in dispute"), F("issues__title")),
    columns=OUTCOME,
    date_field="reported_on",
)
BY_ACTIVITY_AND_OUTCOME = StatisticalTable(
    key="disputes-by-activity-and-outcome",
    title=_("Disputes reported, by economic activity of the employer and outcome"),
    permission=PERMISSION,
    records=Dispute.objects.all,
    rows=SECTION,
    columns=OUTCOME,
    date_field="reported_on",
)
WORKERS_BY_ACTIVITY = StatisticalTable(
    key="disputes-workers-by-activity",
    title=_("Disputes reported and workers involved, by economic activity of the employer"),
    permission=PERMISSION,
    records=Dispute.objects.all,
    rows=SECTION,
    measures=(
        Measure("disputes", _("Disputes"), Count("pk")),
        Measure("with_union", _("With a trade union"), Count("union")),
        Measure("workers", _("Workers involved"), Sum("workers_involved")),
    ),
    date_field="reported_on",
    row_totals=False,
)
WORKFLOW = WorkflowTable(
    key="disputes-workflow",
    title=_("Open disputes by stage and officer"),
    permission=PERMISSION,
    model=Dispute,
)
