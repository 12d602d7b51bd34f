"""Every change to a country's indicators and agencies goes through here, from pages, API and imports."""

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from clmis.accounts.actors import actor_label
from clmis.audit.context import acting
from clmis.records.locking import record_save
from modules.indicators.loading import CATALOGUE_FIELDS
from modules.indicators.models import Agency, Indicator, Observation

# What a country may change of a harmonised indicator: the rest is the regional catalogue's.
COUNTRY_FIELDS = ("agency", "translations", "active", "definition")


def indicator_save(
    *, indicator: Indicator | None = None, values: Mapping[str, object], version: int | None, by
) -> Indicator:
    """Add a national-only indicator or change one; of a harmonised indicator only its agency, its
    definition, its translations and whether it is in the package may change. Refused, with nothing
    saved, otherwise (naming what belongs to the catalogue), or for a code the catalogue uses."""
    indicator = indicator or Indicator()
    values = dict(values)
    if indicator.harmonised:
        fixed = [
            name
            for name in (*CATALOGUE_FIELDS, "code")
            if name in values and values[name] != getattr(indicator, name)
        ]
        if fixed:
            raise ValidationError(
                {
                    name: _("This comes from the regional catalogue and is the same in every country.")
                    for name in fixed
                }
            )
    elif "code" in values and Indicator.objects.filter(code=values["code"]).exclude(pk=indicator.pk).exists():
        raise ValidationError({"code": _("Another indicator has this code.")})
    frequencies = values.get("frequencies", indicator.frequencies if indicator.pk else [])
    if not frequencies:
        raise ValidationError({"frequencies": _("Choose at least one periodicity.")})
    return record_save(indicator, values=values, version=version, by=by)


def agency_save(
    *, agency: Agency | None = None, values: Mapping[str, object], version: int | None, by
) -> Agency:
    """Register a partner agency or change one."""
    return record_save(agency or Agency(), values=values, version=version, by=by)


# --- vetting: submitted values approved (public from a moment, the embargo) or rejected ------------------


@transaction.atomic
def observations_approve(*, observations: QuerySet, publish_at: datetime.datetime | None = None, by) -> int:
    """Approve submitted values, public from `publish_at` (at once without it). Refused, with nothing
    approved, when any of them is not waiting for approval."""
    observations = list(observations.select_for_update())
    _all_submitted(observations)
    now = timezone.now()
    with acting(actor_label(by)):
        for observation in observations:
            observation.state = Observation.State.APPROVED
            observation.decided_by, observation.decided_at = actor_label(by), now
            observation.publish_at = publish_at or now
            observation.rejection_reason = ""
            observation.version += 1
            observation.save()
    return len(observations)


@transaction.atomic
def observations_reject(*, observations: QuerySet, reason: str, by) -> int:
    """Send submitted values back with the reason; refused without one, or for values not waiting."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the values are rejected: the agency reads it.")})
    observations = list(observations.select_for_update())
    _all_submitted(observations)
    now = timezone.now()
    with acting(actor_label(by)):
        for observation in observations:
            observation.state = Observation.State.REJECTED
            observation.decided_by, observation.decided_at = actor_label(by), now
            observation.rejection_reason = reason.strip()
            observation.version += 1
            observation.save()
    return len(observations)


def _all_submitted(observations: list[Observation]) -> None:
    if not observations:
        raise ValidationError(_("Choose the values to decide on."))
    waiting = [o for o in observations if o.state != Observation.State.SUBMITTED]
    if waiting:
        raise ValidationError(
            _("%(count)d of the values chosen are not waiting for approval (%(first)s); nothing was changed.")
            % {"count": len(waiting), "first": waiting[0]}
        )
