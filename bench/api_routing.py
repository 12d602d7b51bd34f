"""Benchmark 1: an authenticated API list through tenant routing, against the same view without tenancy.

All variants run in one process, on one persistent connection (CONN_MAX_AGE as configured), through
Django's real WSGI handler (so request_started/finished and the connection health check happen as in
production), interleaved round by round so drift on the shared machine hits them alike:

A  routed   the project's full middleware stack; CountryRoutingMiddleware picks kn from the Host.
B  plain    the same stack without HealthMiddleware and CountryRoutingMiddleware, the connection pinned
            once to kn: what a single-schema Django site would do.
C  stock    django-tenants' TenantMainMiddleware (a Domain row per host) and its stock backend, with the
            project's TENANT_LIMIT_SET_CALLS=True.
D  stock    as C with TENANT_LIMIT_SET_CALLS=False, django-tenants' out-of-the-box default.
   default
A2 control  a second, separately built copy of A: how far apart two identical variants come out is the
            noise floor of the measurement on this machine.
"""

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import MethodType

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import DEFAULT_DB_ALIAS, connection, connections, reset_queries
from django.test.utils import CaptureQueriesContext, override_settings
from django_tenants.postgresql_backend.base import DatabaseWrapper as StockDatabaseWrapper
from django_tenants.utils import get_public_schema_name, schema_context

from bench import wsgi
from bench.timing import Series, fastest_ratio, paired_ratio
from bench.urls import BENCH_PATH
from bench.views import PAGE_SIZE
from tenants.models import Country, Domain

ROUTING_MIDDLEWARE = "tenants.routing.CountryRoutingMiddleware"
HEALTH_MIDDLEWARE = "clmis.health.HealthMiddleware"
STOCK_MIDDLEWARE = "django_tenants.middleware.main.TenantMainMiddleware"


@dataclass(frozen=True)
class Variant:
    key: str
    title: str
    middleware: tuple[str, ...]
    stock_backend: bool = False
    limit_set_calls: bool = True
    pin_schema: bool = False


@dataclass(frozen=True)
class VariantResult:
    variant: Variant
    per_request: Series
    statements: tuple[str, ...]


@dataclass(frozen=True)
class ApiResult:
    results: dict[str, VariantResult]
    requests_per_batch: int
    rows_listed: int
    rows_in_table: int

    def ratio(self, key: str, to: str = "B") -> float:
        """Per-round ratio to the plain variant (median over rounds): the figure on record."""
        return paired_ratio(self.results[key].per_request, self.results[to].per_request)

    def fastest_ratio(self, key: str, to: str = "B") -> float:
        return fastest_ratio(self.results[key].per_request, self.results[to].per_request)


def variants() -> list[Variant]:
    """The middleware stacks, derived from the project's own MIDDLEWARE so they stay in step."""
    full = tuple(settings.MIDDLEWARE)
    plain = tuple(m for m in full if m not in (ROUTING_MIDDLEWARE, HEALTH_MIDDLEWARE))
    stock = tuple(STOCK_MIDDLEWARE if m == ROUTING_MIDDLEWARE else m for m in full)
    return [
        Variant("A", "routed (CountryRoutingMiddleware, project backend)", full),
        Variant("B", "plain single-schema Django (schema pinned once)", plain, pin_schema=True),
        Variant("C", "django-tenants TenantMainMiddleware + stock backend", stock, stock_backend=True),
        Variant(
            "D",
            "as C with TENANT_LIMIT_SET_CALLS=False (django-tenants default)",
            stock,
            stock_backend=True,
            limit_set_calls=False,
        ),
        Variant("A2", "control: an identical copy of A (noise floor)", full),
    ]


def run(*, country: Country, token: str, rows_in_table: int, rounds: int, batch: int) -> ApiResult:
    """Warm every variant up, check they answer the same page, then time them in interleaved rounds."""
    host = f"{country.schema_name}.{settings.BASE_DOMAIN}"
    call = _caller(host, token)
    with override_settings(ROOT_URLCONF="bench.urls"), _stock_domain(country, host):
        stacks = variants()
        handlers = {v.key: _handler(v.middleware) for v in stacks}
        bodies = {}
        for variant in stacks:
            with _mode(variant, country):
                bodies[variant.key] = _batch(handlers[variant.key], call, batch)[1]
        rows_listed = _same_page(bodies)
        samples: dict[str, list[float]] = {v.key: [] for v in stacks}
        for round_no in range(rounds):
            shift = round_no % len(stacks)
            for variant in stacks[shift:] + stacks[:shift]:
                with _mode(variant, country):
                    samples[variant.key].append(_batch(handlers[variant.key], call, batch)[0])
        results = {
            v.key: VariantResult(
                v, Series(tuple(samples[v.key])), _statements(v, handlers[v.key], call, country)
            )
            for v in stacks
        }
    return ApiResult(results, batch, rows_listed, rows_in_table)


def _handler(middleware: tuple[str, ...]) -> WSGIHandler:
    """A WSGI application with its own middleware chain (the chain is built once, at construction)."""
    with override_settings(MIDDLEWARE=list(middleware)):
        return WSGIHandler()


def _caller(host: str, token: str) -> Callable[[WSGIHandler], tuple[int, bytes]]:
    """One GET of the bench list as a WSGI server would make it, including closing the response."""
    headers = {"HTTP_ACCEPT": "application/json", "HTTP_AUTHORIZATION": f"Token {token}"}

    def call(handler: WSGIHandler) -> tuple[int, bytes]:
        answer = wsgi.get(handler, host=host, path=BENCH_PATH, headers=headers)
        return answer.status, answer.body

    return call


def _batch(handler: WSGIHandler, call: Callable, count: int) -> tuple[float, bytes]:
    """Mean seconds per request over `count` requests, and the last body; any non-200 stops the run."""
    body = b""
    start = time.perf_counter()
    for _ in range(count):
        status, body = call(handler)
        if status != 200:
            raise RuntimeError(f"bench request answered {status}: {body[:300]!r}")
    return (time.perf_counter() - start) / count, body


def _same_page(bodies: dict[str, bytes]) -> int:
    """Every variant must list the same rows of the same schema, or the comparison means nothing."""
    if len(set(bodies.values())) != 1:
        raise RuntimeError("the variants answered different pages; routing is not comparable")
    page = json.loads(next(iter(bodies.values())))
    if len(page["results"]) != PAGE_SIZE:
        raise RuntimeError(f"expected a full page of {PAGE_SIZE}, got {len(page['results'])}")
    return len(page["results"])


def _statements(variant: Variant, handler: WSGIHandler, call: Callable, country: Country) -> tuple[str, ...]:
    """The SQL of one steady-state request; the shortest of three, so a reconnection does not count."""
    captures = []
    with _mode(variant, country):
        call(handler)
        for _ in range(3):
            # request_started empties queries_log; starting from empty keeps the capture's indexes right.
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                call(handler)
            captures.append(tuple(query["sql"] for query in captured.captured_queries))
    return min(captures, key=len)


@contextmanager
def _mode(variant: Variant, country: Country) -> Iterator[None]:
    """Backend behaviour and settings of one variant, for the duration of a batch (never inside it)."""
    wrapper = connections[DEFAULT_DB_ALIAS]
    if variant.pin_schema:
        connection.set_tenant(country)
    if variant.stock_backend:
        # An instance attribute shadows the project's set_tenant, so django-tenants' own one runs.
        wrapper.set_tenant = MethodType(StockDatabaseWrapper.set_tenant, wrapper)
    try:
        with override_settings(TENANT_LIMIT_SET_CALLS=variant.limit_set_calls):
            yield
    finally:
        if variant.stock_backend:
            del wrapper.set_tenant


@contextmanager
def _stock_domain(country: Country, host: str) -> Iterator[None]:
    """TenantMainMiddleware finds a country by Domain row only; the project needs none for <code>.<base>."""
    with schema_context(get_public_schema_name()):
        Domain.objects.get_or_create(domain=host, defaults={"tenant": country, "is_primary": False})
    try:
        yield
    finally:
        # Removed even if an earlier, interrupted run made it: such a row is never legitimate.
        with schema_context(get_public_schema_name()):
            Domain.objects.filter(domain=host).delete()
