"""The workplaces liable to inspection (ILO Convention 81, Article 21(c)), computed from the register
(see modules.indicators.computing): a stock at the period's end, the workplaces recorded by then and in
operation, as in the annual C81 report. The register keeps whether a workplace is in operation now,
not since when: one closed after the period is left out of it too."""

from datetime import date, datetime, time

from django.db.models import QuerySet
from django.utils import timezone

from modules.indicators.computing import Computation
from modules.workplaces.models import Workplace


def _liable_on(workplaces: QuerySet, end: date) -> QuerySet:
    # Recorded at any time of the period's last day, in the country's time zone.
    last_moment = timezone.make_aware(datetime.combine(end, time.max))
    return workplaces.filter(active=True, created_at__lte=last_moment)


LIABLE_TO_INSPECTION = Computation("LAI_WOPL_NOC_NB", Workplace.objects.all, as_of=_liable_on)
