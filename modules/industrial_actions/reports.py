"""The ILO's statistics of strikes and lockouts: actions, workers involved (by sex) and days not worked.

An action belongs to the period in which it started (the ILO's "beginning in the period"); all its days
not worked are counted there. Days not worked are summed as recorded: an action whose figure is not
recorded yet adds none, and the tables say how many such actions there are.
"""

from django.db.models import Count, F, Q, Sum
from django.utils.translation import gettext_lazy as _

from modules.industrial_actions.models import ActionType, IndustrialAction
from modules.reports.dimensions import isic_section
from modules.reports.tables import Dimension, Measure, StatisticalTable, WorkflowTable

PERMISSION = "industrial_actions.view_industrialaction"


def _records():
    # A withdrawn action never took place: no workers were involved, no day was lost.
    return IndustrialAction.objects.exclude(status="withdrawn")


MEASURES = (
    Measure("actions", _("Actions"), Count("pk")),
    Measure("women", _("Workers involved: women"), Sum("workers_women")),
    Measure("men", _("Workers involved: men"), Sum("workers_men")),
    Measure("workers", _("Workers involved: total"), Sum(F("workers_women") + F("workers_men"))),
    Measure("days", _("Days not worked"), Sum("days_not_worked")),
    Measure(
        "days_missing",
        _("Actions without days not worked recorded"),
        Count("pk", filter=Q(days_not_worked__isnull=True)),
    ),
)
TYPE = Dimension(
    "type",
    _("Type of action"),
    F("action_type"),
    labels=lambda: dict(ActionType.choices),
    all_values=lambda: list(ActionType.values),
)

BY_ACTIVITY = StatisticalTable(
    key="industrial-actions-by-activity",
    title=_(
        "Industrial actions beginning in the period, workers involved and days not worked, "
        "by economic activity"
    ),
    permission=PERMISSION,
    records=_records,
    rows=isic_section(),
    measures=MEASURES,
    date_field="started_on",
    row_totals=False,
)
BY_TYPE = StatisticalTable(
    key="industrial-actions-by-type",
    title=_(
        "Industrial actions beginning in the period, workers involved and days not worked, by type of action"
    ),
    permission=PERMISSION,
    records=_records,
    rows=TYPE,
    measures=MEASURES,
    date_field="started_on",
    row_totals=False,
)
BY_CAUSE_AND_TYPE = StatisticalTable(
    key="industrial-actions-by-cause-and-type",
    title=_("Industrial actions beginning in the period, by cause and type of action"),
    permission=PERMISSION,
    records=_records,
    rows=Dimension("cause", _("Cause"), F("cause__title")),
    columns=TYPE,
    date_field="started_on",
)
WORKFLOW = WorkflowTable(
    key="industrial-actions-workflow",
    title=_("Open industrial actions by stage and officer"),
    permission=PERMISSION,
    model=IndustrialAction,
)
