from django.db.models import Count, F, Sum
from django.utils.translation import gettext_lazy as _

from modules.reports.dimensions import district, isco_major_group, isic_section
from modules.reports.tables import Dimension, Measure, StatisticalTable, WorkflowTable
from modules.vacancies.models import Vacancy, WorkRequest

PERMISSION = "vacancies.view_vacancy"

# Vacancies and their posts: a vacancy of five posts is one vacancy and five posts.
MEASURES = (
    Measure("vacancies", _("Vacancies"), Count("pk")),
    Measure("posts", _("Posts"), Sum("posts")),
    Measure("posts_filled", _("Posts filled"), Sum("posts_filled")),
)

BY_OCCUPATION = StatisticalTable(
    key="vacancies-by-occupation",
    title=_("Vacancies registered and their posts, by occupation"),
    permission=PERMISSION,
    records=Vacancy.objects.all,
    rows=isco_major_group("occupation__path"),
    measures=MEASURES,
    date_field="opened_on",
    row_totals=False,
)
BY_DISTRICT = StatisticalTable(
    key="vacancies-by-district",
    title=_("Vacancies registered and their posts, by district"),
    permission=PERMISSION,
    records=Vacancy.objects.all,
    rows=district("district"),
    measures=MEASURES,
    date_field="opened_on",
    row_totals=False,
)
POSTS_BY_OCCUPATION_AND_ACTIVITY = StatisticalTable(
    key="vacancies-posts-by-occupation-and-activity",
    title=_("Posts of the vacancies registered, by occupation and economic activity of the employer"),
    permission=PERMISSION,
    records=Vacancy.objects.all,
    rows=isco_major_group("occupation__path"),
    columns=isic_section("employer__isic__path", _("Economic activity of the employer (ISIC section)")),
    cell=Measure("posts", _("Posts"), Sum("posts")),
    date_field="opened_on",
)
BY_STATUS = StatisticalTable(
    key="vacancies-by-status",
    title=_("Vacancies registered, by status now"),
    permission=PERMISSION,
    records=Vacancy.objects.all,
    rows=Dimension(
        "status",
        _("Status"),
        F("status"),
        labels=lambda: dict(Vacancy.workflow.choices()),
        all_values=lambda: [state.key for state in Vacancy.workflow.states],
    ),
    measures=MEASURES,
    date_field="opened_on",
    row_totals=False,
)
WORKFLOW = WorkflowTable(
    key="vacancies-workflow",
    title=_("Open vacancies by stage and officer"),
    permission=PERMISSION,
    model=Vacancy,
)
WORK_REQUESTS_WORKFLOW = WorkflowTable(
    key="vacancies-work-requests-workflow",
    title=_("Open work requests by stage and officer"),
    permission="vacancies.view_workrequest",
    model=WorkRequest,
)
