"""The indicator computed from vacancies (see modules.indicators.computing): the posts of the vacancies
registered in the period, by occupation and the employer's economic activity.

The catalogue counts posts, not notices (a vacancy of five posts is five), as the module's table of
posts by occupation and activity does; a vacancy counts in the period it was registered, whatever
became of it since (cancelled by the employer included, as in the tables: it was notified)."""

from django.db.models import Sum

from modules.indicators.computing import Computation, isco_major_group, isic_section
from modules.vacancies.models import Vacancy

REGISTERED = Computation(
    "LMS_VACR_OCU_NB",
    Vacancy.objects.all,
    "opened_on",
    measure=Sum("posts"),
    breakdowns=(isco_major_group("occupation__path"), isic_section("employer__isic__path")),
)
