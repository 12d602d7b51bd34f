"""The indicator computed from referrals (see modules.indicators.computing): placements of job seekers
by sex and occupation, as the module's table counts them: a referral that ended in a job, in the period
the job started, by the occupation of the vacancy filled. A placement cancelled as a mistake is a
referral open again, not counted."""

from modules.indicators.computing import Computation, isco_major_group, sex
from modules.matching.reports import placements

PLACEMENTS = Computation(
    "LMS_PLAC_SEX_OCU_NB",
    placements,
    "placed_on",
    breakdowns=(sex("job_seeker__sex"), isco_major_group("referred_to__occupation__path")),
)
