"""The occupational injury indicators (SDG 8.8.1's numerators and the days lost), computed from the
accidents notified (see modules.indicators.computing). The codes are of injuries: an occupational
disease, recorded here too, is left out of all three, as the module's accident tables leave it out.
A case counts in the period of the accident, as in those tables; no notification is ever withdrawn."""

from django.db.models import Sum

from modules.accidents.models import Accident
from modules.indicators.computing import Computation, isic_section, migrant_status, sex


def _injuries():
    return Accident.objects.filter(is_disease=False)


SEX_AND_MIGRANT_STATUS = (sex("person_sex"), migrant_status("nationality"))

FATAL = Computation(
    "INJ_FATL_SEX_MIG_NB",
    lambda: _injuries().filter(fatal=True),
    "occurred_on",
    breakdowns=SEX_AND_MIGRANT_STATUS,
)
NON_FATAL = Computation(
    "INJ_NFTL_SEX_MIG_NB",
    lambda: _injuries().filter(fatal=False),
    "occurred_on",
    breakdowns=SEX_AND_MIGRANT_STATUS,
)
# ILO counts the days lost through temporary incapacity: a fatal injury has none, whatever was entered.
DAYS_LOST = Computation(
    "INJ_DAYS_ECO_NB",
    lambda: _injuries().filter(fatal=False),
    "occurred_on",
    measure=Sum("days_lost"),
    breakdowns=(isic_section(),),
)
