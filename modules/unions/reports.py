from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from modules.reports.dimensions import district
from modules.reports.tables import Measure, StatisticalTable
from modules.unions.models import TradeUnion

MEMBERS_BY_DISTRICT = StatisticalTable(
    key="union-members-by-district",
    title=_("Trade union members, by district of the union's office and sex"),
    permission="unions.view_tradeunion",
    records=lambda: TradeUnion.objects.filter(active=True),
    rows=district(),
    measures=(
        Measure("women", _("Women"), Sum("members_women")),
        Measure("men", _("Men"), Sum("members_men")),
    ),
)
