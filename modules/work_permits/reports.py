from django.db.models import Case as Choose
from django.db.models import Value, When
from django.utils.translation import gettext_lazy as _

from modules.reports.dimensions import code_table, isco_major_group, isic_section, sex
from modules.reports.tables import Dimension, StatisticalTable, WorkflowTable
from modules.work_permits.models import WorkPermit

PERMISSION = "work_permits.view_workpermit"
SEX = sex("worker_sex")
CITIZENSHIP = code_table("citizenship", _("Citizenship"), "citizenship", "iso3166")


def _approved():
    return WorkPermit.objects.filter(status="approved")


def _refused():
    return WorkPermit.objects.filter(status="refused")


APPROVED_BY_CITIZENSHIP_AND_SEX = StatisticalTable(
    key="work-permits-approved-by-citizenship-and-sex",
    title=_("Work permits approved, by citizenship and sex of the worker"),
    permission=PERMISSION,
    records=_approved,
    rows=CITIZENSHIP,
    columns=SEX,
    date_field="decided_on",
)
APPROVED_BY_OCCUPATION_AND_SEX = StatisticalTable(
    key="work-permits-approved-by-occupation-and-sex",
    title=_("Work permits approved, by occupation and sex of the worker"),
    permission=PERMISSION,
    records=_approved,
    rows=isco_major_group("occupation__path"),
    columns=SEX,
    date_field="decided_on",
)
APPROVED_BY_ACTIVITY_AND_SEX = StatisticalTable(
    key="work-permits-approved-by-activity-and-sex",
    title=_("Work permits approved, by economic activity of the employer and sex of the worker"),
    permission=PERMISSION,
    records=_approved,
    rows=isic_section("employer__isic__path"),
    columns=SEX,
    date_field="decided_on",
)
FIRST_AND_RENEWALS = StatisticalTable(
    key="work-permits-first-and-renewals",
    title=_("Work permits approved, first permits and renewals, by sex of the worker"),
    permission=PERMISSION,
    records=_approved,
    rows=Dimension(
        "renewal",
        _("Permit"),
        Choose(When(renewal_of__isnull=True, then=Value("first")), default=Value("renewal")),
        labels=lambda: {"first": _("First permits"), "renewal": _("Renewals")},
        all_values=lambda: ["first", "renewal"],
    ),
    columns=SEX,
    date_field="decided_on",
)
REFUSED_BY_CITIZENSHIP_AND_SEX = StatisticalTable(
    key="work-permits-refused-by-citizenship-and-sex",
    title=_("Work permit applications refused, by citizenship and sex of the worker"),
    permission=PERMISSION,
    records=_refused,
    rows=CITIZENSHIP,
    columns=SEX,
    date_field="decided_on",
)
REFUSED_BY_REASON_AND_SEX = StatisticalTable(
    key="work-permits-refused-by-reason-and-sex",
    title=_("Work permit applications refused, by reason and sex of the worker"),
    permission=PERMISSION,
    records=_refused,
    rows=code_table(
        "reason", _("Reason for refusal"), "refusal_reason", "permit_refusal_reason", every_code=True
    ),
    columns=SEX,
    date_field="decided_on",
)
WORKFLOW = WorkflowTable(
    key="work-permits-workflow",
    title=_("Open work permit applications by stage and officer"),
    permission=PERMISSION,
    model=WorkPermit,
)
