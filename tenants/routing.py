"""Which schema serves a request: the hub (public) at the base domain, a country at its own hosts.

A host is looked up in the database once and then remembered by the process for
TENANT_ROUTING_TTL seconds, so a request normally costs no query for routing; provisioning and
status changes call forget_routes() so the process making them sees them at once, and other
processes within the TTL.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.shortcuts import render
from django.urls import set_urlconf
from django.utils import translation

from clmis.public_pages import public_page_copy
from tenants.models import Country, Domain, ModuleEnablement

# Set in the WSGI environ by the release train's smoke checks, which request a country's pages while it
# is closed for its upgrade. Not an HTTP_ key, so no request from outside can carry it.
SMOKE_CHECK = "clmis.smoke_check"

# Bounds the memory a flood of made-up Host headers can take.
MAX_REMEMBERED_HOSTS = 10_000


@dataclass(frozen=True)
class Route:
    country: Country | None
    modules: frozenset[str] = frozenset()

    @property
    def is_hub(self) -> bool:
        return self.country is None


HUB = Route(country=None)

_remembered: dict[str, tuple[float, Route | None]] = {}


def route_for_host(host: str) -> Route | None:
    """The route for a host name (lower case, no port), or None for a host nobody serves."""
    now = time.monotonic()
    remembered = _remembered.get(host)
    if remembered is not None and now - remembered[0] < settings.TENANT_ROUTING_TTL:
        return remembered[1]
    route = _look_up(host)
    if len(_remembered) >= MAX_REMEMBERED_HOSTS:
        _remembered.clear()
    _remembered[host] = (now, route)
    return route


def forget_routes() -> None:
    _remembered.clear()


def _look_up(host: str) -> Route | None:
    if host in settings.HUB_HOSTS:
        return HUB
    connection.set_schema_to_public()
    suffix = "." + settings.BASE_DOMAIN
    if host.endswith(suffix):
        code = host.removesuffix(suffix)
        country = Country.objects.filter(schema_name=code).first() if len(code) == 2 else None
    else:
        domain = Domain.objects.select_related("tenant").filter(domain=host).first()
        country = domain.tenant if domain else None
    if country is None:
        return None
    modules = ModuleEnablement.objects.filter(country=country).values_list("module", flat=True)
    return Route(country=country, modules=frozenset(modules))


class CountryRoutingMiddleware:
    """Selects the schema and URLconf from the Host header; an unknown host gets a 404 of its own.

    It never falls back to the hub: a mistyped country address must not show the hub's sign-in page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        host, _port = split_domain_port(request.get_host())
        route = route_for_host(host.lower())
        if route is None:
            return _unknown_host(request, host)
        if route.is_hub:
            connection.set_schema_to_public()
            request.tenant = connection.tenant
            request.country = None
            request.modules = frozenset()
            request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
        else:
            connection.set_tenant(route.country)
            request.tenant = request.country = route.country
            request.modules = route.modules
            request.urlconf = settings.ROOT_URLCONF
            served = route.country.is_open and route.country.on_running_release
            if not served and not request.META.get(SMOKE_CHECK):
                return _country_closed(request, route.country)
        set_urlconf(request.urlconf)
        return self.get_response(request)


def _unknown_host(request: HttpRequest, host: str) -> HttpResponse:
    hub = f"{request.scheme}://{settings.BASE_DOMAIN}{_port_suffix(request)}/"
    return render(request, "tenants/unknown_host.html", {"host": host, "hub_url": hub}, status=404)


def _port_suffix(request: HttpRequest) -> str:
    port = request.get_port()
    return "" if port in ("80", "443") else f":{port}"


def _country_closed(request: HttpRequest, country: Country) -> HttpResponse:
    if country.is_upgrading:
        copy = public_page_copy(request, country.default_language)
        if copy is not None:
            return copy
    with translation.override(country.default_language):
        response = render(request, "tenants/country_closed.html", {"country": country}, status=503)
    response["Retry-After"] = "600"
    response["Content-Language"] = country.default_language
    return response
