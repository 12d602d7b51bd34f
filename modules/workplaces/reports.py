from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from modules.reports.dimensions import district
from modules.reports.tables import Measure, StatisticalTable
from modules.workplaces.models import Workplace

WORKERS_BY_DISTRICT = StatisticalTable(
    key="workers-by-district",
    title=_("Workers in active workplaces, by district and sex"),
    permission="workplaces.view_workplace",
    records=lambda: Workplace.objects.filter(active=True),
    rows=district(),
    measures=(
        Measure("women", _("Women"), Sum("workers_women")),
        Measure("men", _("Men"), Sum("workers_men")),
    ),
)
