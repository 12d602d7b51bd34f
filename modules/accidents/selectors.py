from django.db import connection
from django.db.models import Case as Choose
from django.db.models import Count, QuerySet, Value, When

from modules.accidents.models import Accident
from modules.reference.selectors import code_text
from modules.reports.periods import Period


def accidents_listed() -> QuerySet[Accident]:
    return Accident.objects.select_related(
        "employer", "isic", "assigned_to", "occupation", "nationality", "injury_type", "body_part", "agency"
    ).defer(*code_text("isic", "occupation", "nationality"))


def migrant_status() -> Choose:
    """'migrant' when the person's nationality is not the country's own (SDG 8.8.1), 'national', or
    'unknown' without a nationality. The country is the schema in use: its code is the ISO 3166 one."""
    return Choose(
        When(nationality__isnull=True, then=Value("unknown")),
        When(nationality__code__iexact=connection.schema_name, then=Value("national")),
        default=Value("migrant"),
    )


def accidents_for_c81(period: Period) -> dict[str, dict[str, int]]:
    """Fatal and non-fatal industrial accidents and occupational diseases of the period, by sex: the
    lines (f) and (g) of the annual inspection report (ILO Convention 81, Article 21)."""
    counts = {"fatal": {}, "non_fatal": {}, "diseases": {}}
    rows = (
        Accident.objects.filter(occurred_on__range=period.bounds)
        .values("is_disease", "fatal", "person_sex")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        line = "diseases" if row["is_disease"] else "fatal" if row["fatal"] else "non_fatal"
        counts[line][row["person_sex"]] = counts[line].get(row["person_sex"], 0) + row["n"]
    return counts
