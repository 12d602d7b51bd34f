"""The hub's administrators accredit service providers, assign them countries and name their staff.

Every write here is audited (the actor is the hub user); what a provider's staff then do in a country
goes through tenants.providers.console.
"""

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from clmis.accounts.actors import actor_label
from clmis.audit.context import acting
from clmis.records.locking import record_save
from tenants.models import Country, ProviderAssignment, ProviderStaff, ServiceProvider

# The hub role whose users may work for a provider (clmis.accounts.roles).
PROVIDER_ROLE = "service_provider"


def provider_save(
    *, provider: ServiceProvider | None = None, values: Mapping[str, object], version: int | None, by
) -> ServiceProvider:
    """Accredit a service provider or change its record (its accreditation period too: a provider
    whose accreditation ends no longer reaches any country, whatever its assignments)."""
    with schema_context(get_public_schema_name()):
        return record_save(provider or ServiceProvider(), values=values, version=version, by=by)


@transaction.atomic
def provider_assign(
    *,
    provider: ServiceProvider,
    country: Country,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    by,
) -> ProviderAssignment:
    """Assign a country to a provider from `since` (today if not given). Refused, with nothing saved,
    for a provider not accredited on that day or already assigned to the country for part of the
    period."""
    since = since or timezone.localdate()
    with acting(actor_label(by)), schema_context(get_public_schema_name()):
        if not provider.is_accredited(since):
            raise ValidationError(
                {
                    "since": _("%(provider)s is not accredited on %(day)s.")
                    % {"provider": provider, "day": since.isoformat()}
                }
            )
        overlapping = ProviderAssignment.objects.filter(provider=provider, country=country).filter(
            Q(until__isnull=True) | Q(until__gt=since)
        )
        if until is not None:
            overlapping = overlapping.filter(since__lt=until)
        if overlapping.exists():
            raise ValidationError(
                {
                    "country": _("%(provider)s is already assigned to %(country)s for part of this period.")
                    % {"provider": provider, "country": country}
                }
            )
        assignment = ProviderAssignment(
            provider=provider, country=country, since=since, until=until, assigned_by=actor_label(by)
        )
        assignment.full_clean()
        assignment.save()
        return assignment


@transaction.atomic
def provider_unassign(*, assignment: ProviderAssignment, by) -> ProviderAssignment:
    """End an assignment today: the provider's staff lose the country at once. The row stays, as the
    record of when the provider worked for the country."""
    today = timezone.localdate()
    with acting(actor_label(by)), schema_context(get_public_schema_name()):
        assignment = ProviderAssignment.objects.select_for_update().get(pk=assignment.pk)
        if assignment.until is not None and assignment.until <= today:
            raise ValidationError(_("This assignment has already ended."))
        # One not begun yet ends where it starts: it never counts.
        assignment.until = max(today, assignment.since)
        assignment.save(update_fields=["until"])
        return assignment


@transaction.atomic
def provider_staff_add(*, provider: ServiceProvider, user, by) -> ProviderStaff:
    """Name a hub user as one of a provider's staff. Refused for a user without the service provider
    role and for one already working for a provider (a person works for one provider at a time)."""
    with acting(actor_label(by)), schema_context(get_public_schema_name()):
        if not user.groups.filter(name=PROVIDER_ROLE).exists():
            raise ValidationError(
                {"user": _("%(user)s does not hold the service provider role.") % {"user": user}}
            )
        current = ProviderStaff.objects.filter(user=user).select_related("provider").first()
        if current is not None:
            raise ValidationError(
                {
                    "user": _("%(user)s already works for %(provider)s.")
                    % {"user": user, "provider": current.provider}
                }
            )
        return ProviderStaff.objects.create(provider=provider, user=user)


@transaction.atomic
def provider_staff_remove(*, staff: ProviderStaff, by) -> None:
    """Take a person off a provider's staff: they lose the console at once (their hub account stays)."""
    with acting(actor_label(by)), schema_context(get_public_schema_name()):
        staff.delete()
