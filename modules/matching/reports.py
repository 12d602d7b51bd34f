from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from modules.matching.models import JobReferral
from modules.reports.dimensions import age_band, district, isco_major_group, sex
from modules.reports.tables import Dimension, StatisticalTable, WorkflowTable

PERMISSION = "matching.view_jobreferral"
SEX = sex("job_seeker__sex")


def placements() -> QuerySet[JobReferral]:
    """Referrals that ended in a job: a placement counts once, in the period the job started."""
    return JobReferral.objects.filter(status="placed")


PLACEMENTS_BY_OCCUPATION_AND_SEX = StatisticalTable(
    key="placements-by-occupation-and-sex",
    title=_("Placements of job seekers, by occupation of the vacancy and sex"),
    permission=PERMISSION,
    records=placements,
    rows=isco_major_group("referred_to__occupation__path", _("Occupation of the vacancy (ISCO major group)")),
    columns=SEX,
    date_field="placed_on",
)
PLACEMENTS_BY_AGE_AND_SEX = StatisticalTable(
    key="placements-by-age-and-sex",
    title=_("Placements of job seekers, by age when placed and sex"),
    permission=PERMISSION,
    records=placements,
    rows=age_band("job_seeker__birth_date", "placed_on", _("Age when placed")),
    columns=SEX,
    date_field="placed_on",
)
PLACEMENTS_BY_DISTRICT_AND_SEX = StatisticalTable(
    key="placements-by-district-and-sex",
    title=_("Placements of job seekers, by district of the vacancy and sex"),
    permission=PERMISSION,
    records=placements,
    rows=district("referred_to__district"),
    columns=SEX,
    date_field="placed_on",
)
REFERRALS_BY_OUTCOME_AND_SEX = StatisticalTable(
    key="referrals-by-outcome-and-sex",
    title=_("Referrals made, by how they stand and sex"),
    permission=PERMISSION,
    records=JobReferral.objects.all,
    rows=Dimension(
        "status",
        _("Stage or outcome"),
        F("status"),
        labels=lambda: dict(JobReferral.workflow.choices()),
        all_values=lambda: [state.key for state in JobReferral.workflow.states],
    ),
    columns=SEX,
    date_field="opened_on",
)
WORKFLOW = WorkflowTable(
    key="referrals-workflow",
    title=_("Open referrals by stage and officer"),
    permission=PERMISSION,
    model=JobReferral,
)
