"""The indicator computed from the register of job seekers (see modules.indicators.computing): the
job seekers registered at the end of the period, by sex, occupation sought and age.

A register's figure is a stock, as the catalogue defines it ("stock of active registrations"): the
registrations standing on the period's last day, not those made during it (the module's tables count
those). A merged duplicate is not a second person, as in the tables."""

import datetime

from django.db.models import DateField, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from modules.indicators.computing import Computation, age_band, isco_major_group, sex
from modules.job_seekers.reports import registrations


def standing(records: QuerySet, day: datetime.date) -> QuerySet:
    """The registrations made by `day` and not ended by then; their age is taken on that day.

    A placement ends a registration on the day the job started, anything else (lapse, withdrawal) on
    the day it was recorded. The records are read as they stand: a registration renewed since it
    lapsed or was placed has no end any more, and counts through the gap (its history has it)."""
    ended = Coalesce("placed_on", "closed_on")
    return (
        records.filter(opened_on__lte=day)
        .alias(ended=ended)
        .filter(Q(ended__isnull=True) | Q(ended__gt=day))
        .annotate(counted_on=Value(day, output_field=DateField()))
    )


# The main occupation sought is the first, which the tables count by too.
REGISTERED = Computation(
    "LMS_JSKR_SEX_OCU_NB",
    registrations,
    as_of=standing,
    breakdowns=(
        sex("sex"),
        isco_major_group("first_occupation__path"),
        age_band("birth_date", "counted_on"),
    ),
)
