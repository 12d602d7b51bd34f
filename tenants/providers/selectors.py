"""Reads about service providers: the hub's lists, and what a provider's staff member may reach."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from tenants.models import Country, ProviderChange, ProviderStaff, ServiceProvider
from tenants.providers.services import PROVIDER_ROLE


def providers_matching(
    *, q: str = "", accredited: str = "", today: datetime.date
) -> QuerySet[ServiceProvider]:
    """The providers whose name, number or e-mail contains `q`; "yes": accredited today, "no": not."""
    providers = ServiceProvider.objects.all()
    if q:
        providers = providers.filter(
            Q(name__icontains=q) | Q(registration_number__icontains=q) | Q(email__icontains=q)
        )
    if accredited:
        current = ServiceProvider.objects.accredited(today).values("pk")
        providers = (
            providers.filter(pk__in=current) if accredited == "yes" else providers.exclude(pk__in=current)
        )
    return providers


def provider_staff_candidates() -> QuerySet:
    """The hub users who may join a provider's staff: holding the role, working for no provider."""
    return (
        get_user_model()
        .objects.filter(groups__name=PROVIDER_ROLE, is_active=True, provider_staff__isnull=True)
        .order_by("username")
    )


def provider_of(user, *, today: datetime.date) -> ServiceProvider | None:
    """The provider the user works for, if it is accredited today (otherwise the user can do nothing)."""
    if not user.is_authenticated:
        return None
    staff = ProviderStaff.objects.filter(user=user).select_related("provider").first()
    if staff is None or not staff.provider.is_accredited(today):
        return None
    return staff.provider


def countries_assigned_to(provider: ServiceProvider, *, today: datetime.date) -> QuerySet[Country]:
    """The countries the provider is assigned to today, each once."""
    return Country.objects.filter(pk__in=provider.assignments.current(today).values("country")).order_by(
        "name"
    )


def providers_of(country: Country, *, today: datetime.date) -> QuerySet:
    """The country's current provider assignments, with their providers, for the hub's country page."""
    return country.provider_assignments.current(today).select_related("provider").order_by("provider__name")


def provider_changes(*, provider: ServiceProvider | None = None, country: Country | None = None) -> QuerySet:
    """Changes made from the console, newest first, for one provider or one country (or all)."""
    changes = ProviderChange.objects.select_related("provider", "country")
    if provider is not None:
        changes = changes.filter(provider=provider)
    if country is not None:
        changes = changes.filter(country=country)
    return changes
