"""The survey's results: vacancies by occupation, economic activity and district, summed over the lines of
the responses to the rounds whose reference date falls in the period.

Hard-to-fill vacancies are some of the vacancies, and the posts expected are another count again: the
tables show them side by side, without a row total across them.
"""

import dataclasses

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from modules.reports.dimensions import district, isco_major_group, isic_section
from modules.reports.tables import Grid, Measure, StatisticalTable
from modules.vacancy_surveys.models import ResponseLine, SurveyRound
from modules.vacancy_surveys.selectors import lines_of

PERMISSION = "vacancy_surveys.view_surveyround"
DATE_FIELD = "response__round__reference_date"
# Keys apart from the line's own field names (an annotation may not shadow a field).
MEASURES = (
    Measure("vacant", _("Vacancies"), Sum("vacancies")),
    Measure("hard", _("Hard to fill"), Sum("hard_to_fill")),
    Measure("expected", _("Expected in the next 12 months"), Sum("expected_next_12_months")),
)

VACANCIES_BY_OCCUPATION = StatisticalTable(
    key="vacancy-survey-by-occupation",
    title=_("Vacancies at the reference date of the vacancy surveys, by occupation (ISCO major group)"),
    permission=PERMISSION,
    records=ResponseLine.objects.all,
    rows=isco_major_group("occupation__path"),
    measures=MEASURES,
    date_field=DATE_FIELD,
    row_totals=False,
)
VACANCIES_BY_ACTIVITY = StatisticalTable(
    key="vacancy-survey-by-activity",
    title=_("Vacancies at the reference date of the vacancy surveys, by economic activity of the employer"),
    permission=PERMISSION,
    records=ResponseLine.objects.all,
    rows=isic_section("response__employer__isic__path"),
    measures=MEASURES,
    date_field=DATE_FIELD,
    row_totals=False,
)
VACANCIES_BY_DISTRICT = StatisticalTable(
    key="vacancy-survey-by-district",
    title=_("Vacancies at the reference date of the vacancy surveys, by district of the employer"),
    permission=PERMISSION,
    records=ResponseLine.objects.all,
    rows=district("response__employer__district"),
    measures=MEASURES,
    date_field=DATE_FIELD,
    row_totals=False,
)
TABLES = (VACANCIES_BY_OCCUPATION, VACANCIES_BY_ACTIVITY, VACANCIES_BY_DISTRICT)


def round_results(round: SurveyRound) -> list[Grid]:
    """The report tables over one round's responses: the results its page shows."""
    return [
        dataclasses.replace(table, records=lambda: lines_of(round), date_field=None).grid(None)
        for table in TABLES
    ]
