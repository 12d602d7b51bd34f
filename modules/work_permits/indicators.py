"""The indicators computed from work permits (see modules.indicators.computing): permits approved and
applications refused, dated by the decision as in the module's tables (a reopened application is
undecided again, and a withdrawn one was never decided, so neither counts); and the inflow of foreign
workers, for which the first permits approved are the administrative proxy."""

from django.db.models import QuerySet

from modules.indicators.computing import Computation, country, isco_major_group, sex
from modules.work_permits.models import WorkPermit

SEX = sex("worker_sex")
# The catalogue gives citizenship in ISO alpha-3, as ILOSTAT does.
CITIZENSHIP = country("CCT", "citizenship", alpha3=True)


def _approved() -> QuerySet[WorkPermit]:
    return WorkPermit.objects.filter(status="approved")


def _first_approved() -> QuerySet[WorkPermit]:
    # A renewal keeps a worker already employed here: only a first permit brings one in.
    return _approved().filter(renewal_of__isnull=True)


APPROVED = Computation(
    "WPM_APRV_SEX_CCT_NB",
    _approved,
    "decided_on",
    breakdowns=(SEX, CITIZENSHIP, isco_major_group("occupation__path")),
)
REFUSED = Computation(
    "WPM_RFSD_SEX_CCT_NB",
    lambda: WorkPermit.objects.filter(status="refused"),
    "decided_on",
    breakdowns=(SEX, CITIZENSHIP),
)
# An administrative proxy, as the catalogue notes: a first permit approved in the year stands for a
# foreign worker newly employed (one who never takes the job up is still counted). In thousands, the
# catalogue's multiplier: the value is divided by it when stored.
FOREIGN_WORKERS_NEWLY_EMPLOYED = Computation(
    "MFL_NEMP_SEX_OCU_NB",
    _first_approved,
    "decided_on",
    breakdowns=(SEX, isco_major_group("occupation__path")),
)
