"""Prometheus metrics at `/metrics/`: requests by country and status, tasks' durations and failures, the
depth of each Celery queue, and how far behind the hub's collection is for each country.

Off unless `CLMIS_METRICS_TOKEN` is set; the scraper then sends it as a bearer token. With several
processes (gunicorn's workers, Celery's), set `PROMETHEUS_MULTIPROC_DIR` to one empty directory for all
of them on the server: every process writes its counters there, and whichever web process is scraped
adds them up (prometheus_client's multiprocess mode).
"""

import hmac
import os
import time
from collections.abc import Iterator

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

METRICS_PATH = "/metrics/"
# The hub's schema (django-tenants' public one): the label of the hub's requests and of refused hosts.
HUB = "public"

requests_total = Counter(
    "clmis_http_requests", "Requests answered, by country and status.", ["country", "status"]
)
request_seconds = Histogram(
    "clmis_http_request_seconds", "Time to answer a request, by country.", ["country"]
)
task_seconds = Histogram("clmis_task_seconds", "Time a task ran, by task and country.", ["task", "country"])
task_failures_total = Counter(
    "clmis_task_failures", "Tasks that raised, by task and country.", ["task", "country"]
)

_started: dict[str, float] = {}


class MetricsMiddleware:
    """Counts and times every request by the country it was for (the hub's are `public`); answers the
    scraper at /metrics/ before host routing, so it can ask any address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == METRICS_PATH:
            return metrics_page(request)
        started = time.perf_counter()
        response = self.get_response(request)
        # Routing names the request's country; a host it refused, or /health/, counts as the hub's.
        country = getattr(getattr(request, "tenant", None), "schema_name", None) or HUB
        requests_total.labels(country, str(response.status_code)).inc()
        request_seconds.labels(country).observe(time.perf_counter() - started)
        return response


def metrics_page(request: HttpRequest) -> HttpResponse:
    token = settings.CLMIS_METRICS_TOKEN
    scheme, _space, given = request.headers.get("Authorization", "").partition(" ")
    if not token or scheme != "Bearer" or not hmac.compare_digest(given.encode(), token.encode()):
        return HttpResponse(status=404)
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)


def _registry() -> CollectorRegistry:
    """This process's metrics, or with PROMETHEUS_MULTIPROC_DIR every process's, with the state read now."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return REGISTRY
    registry = CollectorRegistry()
    MultiProcessCollector(registry)
    registry.register(StateCollector())
    return registry


class StateCollector:
    """What is read at each scrape rather than counted: queue depths and the collection's lag."""

    def describe(self) -> list:
        # Registering asks for the metrics' names; without this it would collect (query) at import.
        return []

    def collect(self) -> Iterator[GaugeMetricFamily]:
        depth = GaugeMetricFamily(
            "clmis_queue_depth", "Tasks waiting in each Celery queue.", labels=["queue"]
        )
        for queue, waiting in queue_depths().items():
            depth.add_metric([queue], waiting)
        yield depth
        lag = GaugeMetricFamily(
            "clmis_collection_lag_seconds",
            "Seconds since the hub last collected each country's published values.",
            labels=["country"],
        )
        for country, seconds in collection_lags().items():
            lag.add_metric([country], seconds)
        yield lag


REGISTRY.register(StateCollector())


def queue_depths() -> dict[str, int]:
    """Tasks waiting in each queue of the broker (Redis keeps a queue as a list)."""
    from clmis.celery import app

    with app.connection_for_read() as broker:
        client = broker.default_channel.client
        return {queue.name: client.llen(queue.name) for queue in app.conf.task_queues}


def collection_lags() -> dict[str, float]:
    """Seconds since each country served here was last collected (from the first collection on)."""
    from django_tenants.utils import schema_context  # it reads the settings when imported

    from regional_hub.facts.models import CountryCollection

    now = timezone.now()
    with schema_context(HUB):
        collected = CountryCollection.objects.filter(collected_until__isnull=False, country__in=_served())
        return {
            state.country.code: (now - state.collected_until).total_seconds()
            for state in collected.select_related("country")
        }


def _served():
    from tenants.models import Country

    return Country.objects.served_here()


def _country() -> str:
    return getattr(connection, "schema_name", "") or HUB


def task_started(task_id: str | None = None, **kwargs) -> None:
    """Receives Celery's task_prerun."""
    _started[task_id or ""] = time.perf_counter()


def task_ended(task_id: str | None = None, task=None, **kwargs) -> None:
    """Receives Celery's task_postrun: the task's time, by its name and the schema it ran in."""
    started = _started.pop(task_id or "", None)
    if started is not None and task is not None:
        task_seconds.labels(task.name, _country()).observe(time.perf_counter() - started)


def task_failed(sender=None, **kwargs) -> None:
    """Receives Celery's task_failure."""
    if sender is not None:
        task_failures_total.labels(sender.name, _country()).inc()
