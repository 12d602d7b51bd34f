from django.db.models.functions import Left
from django.utils.translation import gettext_lazy as _

from modules.employers.models import Employer, SizeBand
from modules.reference.models import Code
from modules.reports.tables import Dimension, StatisticalTable


def _sections() -> dict:
    return {
        code: f"{code} {title}"
        for code, title in Code.objects.filter(classification__key="isic4", level=1).values_list(
            "code", "title"
        )
    }


EMPLOYERS_BY_ACTIVITY = StatisticalTable(
    key="employers-by-activity",
    title=_("Employers registered, by economic activity and size"),
    permission="employers.view_employer",
    records=Employer.objects.all,
    # The ISIC section is the first part of the class's path ("I/55/551/5510").
    rows=Dimension("section", _("Economic activity (ISIC section)"), Left("isic__path", 1), labels=_sections),
    columns=Dimension(
        "size",
        _("Size"),
        Left("size_band", 10),
        labels=lambda: dict(SizeBand.choices),
        all_values=lambda: list(SizeBand.values),
    ),
    date_field="created_at__date",
)
