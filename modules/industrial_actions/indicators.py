"""The indicators of ILO's strikes and lockouts statistics, computed from industrial actions (see
modules.indicators.computing): actions, workers involved and days not worked, by economic activity;
an action counts in the period it started; a withdrawn notice is no action (as in the module's tables)."""

from django.db.models import F, Sum

from modules.indicators.computing import Computation, isic_section
from modules.industrial_actions.models import IndustrialAction


def _actions():
    return IndustrialAction.objects.exclude(status="withdrawn")


ACTIONS = Computation("STR_TSTR_ECO_NB", _actions, "started_on", breakdowns=(isic_section(),))
# The catalogue gives it in thousands: the value is divided by its unit multiplier when stored.
WORKERS_INVOLVED = Computation(
    "STR_WORK_ECO_NB",
    _actions,
    "started_on",
    measure=Sum(F("workers_women") + F("workers_men")),
    breakdowns=(isic_section(),),
)
DAYS_NOT_WORKED = Computation(
    "STR_DAYS_ECO_NB",
    _actions,
    "started_on",
    measure=Sum("days_not_worked"),
    breakdowns=(isic_section(),),
)
