from django.db.models.functions import Left
from django.utils.translation import gettext_lazy as _

from modules.employers.models import Employer, SizeBand
from modules.reports.dimensions import isic_section
from modules.reports.tables import Dimension, StatisticalTable

EMPLOYERS_BY_ACTIVITY = StatisticalTable(
    key="employers-by-activity",
    title=_("Employers registered, by economic activity and size"),
    permission="employers.view_employer",
    records=Employer.objects.all,
    rows=isic_section(),
    columns=Dimension(
        "size",
        _("Size"),
        Left("size_band", 10),
        labels=lambda: dict(SizeBand.choices),
        all_values=lambda: list(SizeBand.values),
    ),
    date_field="created_at__date",
)
