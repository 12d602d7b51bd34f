"""The indicator computed from redundancies (see modules.indicators.computing): the workers affected by
the redundancies notified in the period, by sex and the employer's economic activity, as the module's
table of workers by activity adds them up.

A group of workers affected holds its women and men as two numbers: the sex breakdown is those two
columns, not a field of the records. Every notification counts, as in the tables: a withdrawn one was
notified all the same."""

from modules.indicators.computing import Computation, isic_section, sex_columns
from modules.redundancies.models import AffectedGroup

WORKERS_AFFECTED = Computation(
    "LMS_REDW_SEX_ECO_NB",
    AffectedGroup.objects.all,
    "redundancy__notified_on",
    columns=sex_columns("women", "men"),
    breakdowns=(isic_section("redundancy__employer__isic__path"),),
)
