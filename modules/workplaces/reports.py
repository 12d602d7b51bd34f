from django.db.models import F, Sum
from django.utils.translation import gettext_lazy as _

from modules.reports.tables import Dimension, Measure, StatisticalTable
from modules.workplaces.models import Workplace

WORKERS_BY_DISTRICT = StatisticalTable(
    key="workers-by-district",
    title=_("Workers in active workplaces, by district and sex"),
    permission="workplaces.view_workplace",
    records=lambda: Workplace.objects.filter(active=True),
    rows=Dimension("district", _("District"), F("district__title")),
    measures=(
        Measure("women", _("Women"), Sum("workers_women")),
        Measure("men", _("Men"), Sum("workers_men")),
    ),
)
