from django.db.models import Case as Choose
from django.db.models import F, Q, Sum, Value, When
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from modules.accidents.models import Accident
from modules.accidents.selectors import migrant_status
from modules.reference.choices import Sex
from modules.reports.dimensions import isic_section, sex
from modules.reports.tables import Dimension, Measure, StatisticalTable, WorkflowTable

PERMISSION = "accidents.view_accident"
MIGRANT_STATUSES = (
    ("migrant", _("migrants")),
    ("national", _("non-migrants")),
    ("unknown", _("status unknown")),
)


def _accidents():
    return Accident.objects.filter(is_disease=False)


def _diseases():
    return Accident.objects.filter(is_disease=True)


def _injuries_by_migrant_status():
    # Annotated when the report is made: the country (whose nationals are not migrants) is the schema in use.
    return _accidents().annotate(migrant=migrant_status())


def _sex_and_status_labels() -> dict:
    return {
        f"{code}-{status}": f"{sex_label}, {status_label}"
        for code, sex_label in Sex.choices
        for status, status_label in MIGRANT_STATUSES
    }


SECTION = isic_section()
SEX = sex("person_sex")

ACCIDENTS_BY_SECTION_AND_SEX = StatisticalTable(
    key="accidents-by-section-and-sex",
    title=_("Occupational accidents, by economic activity and sex"),
    permission=PERMISSION,
    records=_accidents,
    rows=SECTION,
    columns=SEX,
    date_field="occurred_on",
)
DISEASES_BY_SECTION_AND_SEX = StatisticalTable(
    key="accidents-diseases-by-section-and-sex",
    title=_("Occupational diseases, by economic activity and sex"),
    permission=PERMISSION,
    records=_diseases,
    rows=SECTION,
    columns=SEX,
    date_field="occurred_on",
)
INJURIES_SDG_881 = StatisticalTable(
    key="accidents-sdg-881",
    title=_("Fatal and non-fatal occupational injuries, by sex and migrant status (SDG 8.8.1)"),
    permission=PERMISSION,
    records=_injuries_by_migrant_status,
    rows=Dimension(
        "severity",
        _("Injuries"),
        Choose(When(fatal=True, then=Value("fatal")), default=Value("non_fatal")),
        labels=lambda: {"fatal": _("Fatal"), "non_fatal": _("Non-fatal")},
        all_values=lambda: ["fatal", "non_fatal"],
    ),
    columns=Dimension(
        "sex_and_status",
        _("Sex and migrant status"),
        Concat(F("person_sex"), Value("-"), F("migrant")),
        labels=_sex_and_status_labels,
        all_values=lambda: list(_sex_and_status_labels()),
    ),
    date_field="occurred_on",
)
DAYS_LOST_BY_SECTION = StatisticalTable(
    key="accidents-days-lost",
    title=_("Days lost through occupational accidents and diseases, by economic activity and sex"),
    permission=PERMISSION,
    records=Accident.objects.all,
    rows=SECTION,
    # One sum per sex: the total column is then all the days lost in the activity.
    measures=tuple(
        Measure(code, label, Sum("days_lost", filter=Q(person_sex=code))) for code, label in Sex.choices
    ),
    date_field="occurred_on",
)
WORKFLOW = WorkflowTable(
    key="accidents-workflow",
    title=_("Open accident and disease cases by stage and officer"),
    permission=PERMISSION,
    model=Accident,
)
