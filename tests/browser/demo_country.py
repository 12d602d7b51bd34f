"""A throwaway country with the README's demo data, for the browser tests that need pages full of
records: the user guides' screenshots and the check of every page.

Montserrat (a code no other test uses) gets the demo data of Saint Kitts and Nevis through
`country_demo` (with the values its submitter sent, waiting for approval); its published figures
reach the hub, and an accredited provider is assigned to it for the hub's service provider.
`demo_remove` leaves the hub as it was: the session's countries kn, lc and sr are never touched (other
tests count their records).
"""

from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context, tenant_context

from clmis.demo import DEMO_COUNTRY_USERS, country_demo
from regional_hub.facts.collection import facts_collect
from regional_hub.facts.models import CollectionProblem, CountryCollection, Fact, FactRevision
from tenants.models import (
    Country,
    ModuleEnablement,
    ProviderAssignment,
    ProviderChange,
    ProviderStaff,
    ServiceProvider,
)
from tenants.providers.services import provider_assign, provider_save, provider_staff_add
from tenants.routing import forget_routes
from tenants.schemas import schema_drop
from tenants.services import country_provision

CODE = "ms"
COUNTRY = {"code": CODE, "name": "Montserrat", "timezone": "America/Montserrat"}
PROVIDER = "Leeward Islands LMIS Services (guides)"
# The hub's privileged users the guides sign in as: they need an authenticator for the second factor.
HUB_PRIVILEGED = ("hub_admin", "service_provider")


# The demo's user of each country role (username, role, first name, last name).
DEMO_USER_OF_ROLE = {role: username for username, role, *_names in DEMO_COUNTRY_USERS}


@dataclass
class Demo:
    country: Country
    lmisadmin_secret: str
    hub_secrets: dict[str, str]

    def secret_of(self, username: str, *, hub: bool) -> str | None:
        """The second factor's secret of a privileged demo user; None for the others."""
        if hub:
            return self.hub_secrets.get(username)
        return self.lmisadmin_secret if username == DEMO_USER_OF_ROLE["lmis_admin"] else None


def demo_make(authenticators: list[int]) -> Demo:
    _drop_throwaway()
    country, _created = country_provision(**COUNTRY, exist_ok=True)
    country_demo(country, report=lambda _line: None, records_of="kn")
    with tenant_context(country):
        users = get_user_model().objects
        lmisadmin_secret = generate_totp_secret()
        TOTP.activate(users.get(username="lmisadmin"), lmisadmin_secret)
        facts_collect(full=True)
    with schema_context(get_public_schema_name()):
        users = get_user_model().objects
        hub_secrets = {}
        # A run stopped before its teardown (a test process killed) leaves its authenticators behind.
        Authenticator.objects.filter(user__username__in=HUB_PRIVILEGED, type=Authenticator.Type.TOTP).delete()
        for username in HUB_PRIVILEGED:
            hub_secrets[username] = generate_totp_secret()
            authenticators.append(
                TOTP.activate(users.get(username=username), hub_secrets[username]).instance.pk
            )
        provider = provider_save(
            values={
                "name": PROVIDER,
                "registration_number": "HUB-SP-GUIDES",
                "email": "support@leeward-lmis.example",
                "accredited_from": timezone.localdate().replace(month=1, day=1),
            },
            version=None,
            by=None,
        )
        provider_staff_add(provider=provider, user=users.get(username="service_provider"), by=None)
        provider_assign(provider=provider, country=country, by=None)
    cache.clear()
    return Demo(country, lmisadmin_secret, hub_secrets)


def demo_remove(authenticators: list[int]) -> None:
    with schema_context(get_public_schema_name()):
        Authenticator.objects.filter(pk__in=authenticators).delete()
    _drop_throwaway()
    cache.clear()


def _drop_throwaway() -> None:
    connection.set_schema_to_public()
    for provider in ServiceProvider.objects.filter(name=PROVIDER):
        for model in (ProviderChange, ProviderStaff, ProviderAssignment):
            model.objects.filter(provider=provider).delete()
        for model in (ProviderStaff, ProviderAssignment):
            model.history.filter(provider_id=provider.pk).delete()
        pk = provider.pk  # delete() forgets it
        provider.delete()
        ServiceProvider.history.filter(id=pk).delete()
    country = Country.objects.filter(schema_name=CODE).first()
    if country is not None:
        ProviderChange.objects.filter(country=country).delete()
        for model in (Fact, FactRevision, CollectionProblem, CountryCollection):
            model.objects.filter(country=country).delete()
        pk = country.pk
        country.delete()
        # The hub's history of the country's row and modules: nothing of it is left to show.
        ModuleEnablement.history.filter(country_id=pk).delete()
        Country.history.filter(id=pk).delete()
    schema_drop(CODE)
    forget_routes()
