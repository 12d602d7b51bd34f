from django.db.models import Count, F, Sum
from django.utils.translation import gettext_lazy as _

from modules.redundancies.models import AffectedGroup, Redundancy
from modules.reports.dimensions import code_table, isco_major_group, isic_section
from modules.reports.tables import Measure, StatisticalTable, WorkflowTable

PERMISSION = "redundancies.view_redundancy"

# Over the groups of workers affected: each redundancy's women and men, occupation by occupation.
WORKERS_BY_SEX = (
    Measure("women", _("Women"), Sum("women")),
    Measure("men", _("Men"), Sum("men")),
)

WORKERS_BY_ACTIVITY = StatisticalTable(
    key="redundancies-workers-by-activity",
    title=_("Workers affected by redundancies notified, by economic activity of the employer and sex"),
    permission=PERMISSION,
    records=AffectedGroup.objects.all,
    rows=isic_section(
        "redundancy__employer__isic__path", _("Economic activity of the employer (ISIC section)")
    ),
    measures=WORKERS_BY_SEX,
    date_field="redundancy__notified_on",
)
WORKERS_BY_OCCUPATION = StatisticalTable(
    key="redundancies-workers-by-occupation",
    title=_("Workers affected by redundancies notified, by occupation and sex"),
    permission=PERMISSION,
    records=AffectedGroup.objects.all,
    rows=isco_major_group("occupation__path"),
    measures=WORKERS_BY_SEX,
    date_field="redundancy__notified_on",
)
BY_REASON = StatisticalTable(
    key="redundancies-by-reason",
    title=_("Redundancies notified and workers affected, by reason"),
    permission=PERMISSION,
    records=Redundancy.objects.all,
    rows=code_table("reason", _("Reason"), "reason", "redundancy_reason", every_code=True),
    measures=(
        Measure("notifications", _("Notifications"), Count("pk")),
        Measure("women", _("Women affected"), Sum("women_affected")),
        Measure("men", _("Men affected"), Sum("men_affected")),
        Measure("workers", _("Workers affected"), Sum(F("women_affected") + F("men_affected"))),
    ),
    date_field="notified_on",
    # Notifications and workers are not parts of one whole: no total across them.
    row_totals=False,
)
WORKFLOW = WorkflowTable(
    key="redundancies-workflow",
    title=_("Open redundancy notifications by stage and officer"),
    permission=PERMISSION,
    model=Redundancy,
)
