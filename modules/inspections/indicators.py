"""The labour inspection visits of the period (ILO Convention 81, Article 21(d)), computed from the
inspections (see modules.indicators.computing): a visit made is an inspection in a state past the visit
(visited, notices issued, closed), counted by the date of the visit, as in the annual C81 report; a
planned or cancelled inspection is no visit.

Visits per inspector (LAI_VDIN_NOC_RT) is not computed here: its denominator is the labour inspectors
of the service (LAI_INSP_SEX_NB, given by the department of labour), which the platform does not hold;
the users who happened to make a visit would overstate it."""

from modules.indicators.computing import Computation
from modules.inspections.models import VISITED, Inspection

VISITS = Computation("LAI_VIST_NOC_NB", lambda: Inspection.objects.filter(status__in=VISITED), "visited_on")
