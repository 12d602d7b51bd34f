"""The indicator computed from the farm programme (see modules.indicators.computing): nationals leaving
to work abroad, the farm workers who departed in the year, by sex and the round's destination.

The catalogue names migrant assistance as a second source, but its requests are not added: a request
records a worker who asked for help, who may have left years before the request or be a farm worker
counted here already; it is no register of departures, and adding it would count some twice and miss
everyone who never asked."""

from django.db.models import QuerySet

from modules.farm_programme.models import FarmWorker
from modules.indicators.computing import Computation, country, sex


def _departed() -> QuerySet[FarmWorker]:
    return FarmWorker.objects.filter(departed_on__isnull=False)


# An administrative proxy of the outflow, as the catalogue notes; in thousands, its multiplier.
NATIONALS_EMPLOYED_ABROAD = Computation(
    "MNA_OEMP_SEX_CDS_NB",
    _departed,
    "departed_on",
    breakdowns=(sex("sex"), country("CDS", "round__destination")),
)
