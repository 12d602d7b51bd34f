import dataclasses

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from modules.job_seekers.models import JobSeeker
from modules.reference.tables import EDUCATION_ORDER
from modules.reports.dimensions import age_band, code_table, district, isco_major_group, sex
from modules.reports.tables import StatisticalTable, WorkflowTable

PERMISSION = "job_seekers.view_jobseeker"
SEX = sex("sex")
# Every level in ISCED order, no schooling first (a country's own levels after them).
EDUCATION = dataclasses.replace(
    code_table("education", _("Highest level of education completed"), "education_level", "education_level"),
    all_values=lambda: list(EDUCATION_ORDER),
)
OCCUPATION = isco_major_group(
    "first_occupation__path", _("Occupation sought (ISCO major group of the first)")
)


def registrations() -> QuerySet[JobSeeker]:
    """Registrations of people: a duplicate merged into another registration is not counted twice."""
    return JobSeeker.objects.filter(merged_into__isnull=True)


BY_OCCUPATION_AND_SEX = StatisticalTable(
    key="job-seekers-by-occupation-and-sex",
    title=_("Job seekers registered, by occupation sought and sex"),
    permission=PERMISSION,
    records=registrations,
    rows=OCCUPATION,
    columns=SEX,
    date_field="opened_on",
)
BY_AGE_AND_SEX = StatisticalTable(
    key="job-seekers-by-age-and-sex",
    title=_("Job seekers registered, by age when registered and sex"),
    permission=PERMISSION,
    records=registrations,
    rows=age_band("birth_date", "opened_on", _("Age when registered")),
    columns=SEX,
    date_field="opened_on",
)
BY_DISTRICT_AND_SEX = StatisticalTable(
    key="job-seekers-by-district-and-sex",
    title=_("Job seekers registered, by district of residence and sex"),
    permission=PERMISSION,
    records=registrations,
    rows=district("district"),
    columns=SEX,
    date_field="opened_on",
)
BY_EDUCATION_AND_SEX = StatisticalTable(
    key="job-seekers-by-education-and-sex",
    title=_("Job seekers registered, by level of education and sex"),
    permission=PERMISSION,
    records=registrations,
    rows=EDUCATION,
    columns=SEX,
    date_field="opened_on",
)
ACTIVE_BY_OCCUPATION_AND_SEX = StatisticalTable(
    key="job-seekers-active-by-occupation-and-sex",
    title=_("Active job seekers now, by occupation sought and sex"),
    permission=PERMISSION,
    records=lambda: JobSeeker.objects.filter(status="active"),
    rows=OCCUPATION,
    columns=SEX,
)
WORKFLOW = WorkflowTable(
    key="job-seekers-workflow",
    title=_("Active job seekers by stage and officer"),
    permission=PERMISSION,
    model=JobSeeker,
)
