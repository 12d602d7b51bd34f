"""Health checks, answered before host routing so they can be asked at any address of the deployment.

`/health/` (liveness): the process answers; nothing else is asked, so a database or broker outage never
makes a supervisor restart every web process. `/health/ready/` (readiness): is the database reachable,
the broker reachable, every schema migrated? A load balancer sends requests only to a ready process.
JSON, no secrets.
"""

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django_tenants.utils import get_public_schema_name

from clmis.celery import app as celery_app
from tenants.migration_state import migration_backlog
from tenants.models import Country
from tenants.template import template_schema

HEALTH_PATH = "/health/"
READY_PATH = "/health/ready/"


class HealthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == HEALTH_PATH:
            response = JsonResponse({"status": "alive"})
        elif request.path == READY_PATH:
            report = health_report()
            response = JsonResponse(report, status=200 if report["status"] == "ok" else 503)
        else:
            return self.get_response(request)
        response["Cache-Control"] = "no-store"
        return response


def health_report() -> dict:
    database = _database()
    checks = {
        "database": database,
        "broker": _broker(),
        "migrations": _migrations() if database["ok"] else {"ok": False, "error": "database unreachable"},
    }
    status = "ok" if all(check["ok"] for check in checks.values()) else "failing"
    return {"status": status, **checks}


def _database() -> dict:
    try:
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # any failure is the answer; its text may hold the DSN, so only its kind
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True}


def _broker() -> dict:
    try:
        with celery_app.connection_for_write(settings.CELERY_BROKER_URL) as broker:
            broker.ensure_connection(max_retries=1, timeout=2)
    except Exception as error:
        return {"ok": False, "error": type(error).__name__}
    return {"ok": True}


def _migrations() -> dict:
    public = get_public_schema_name()
    countries = list(Country.objects.values_list("schema_name", flat=True))
    backlog = migration_backlog([public, template_schema(), *countries])
    behind = [schema for schema, missing in backlog.items() if missing != 0 and schema != public]
    return {
        "ok": backlog[public] == 0 and not behind,
        "public_pending": backlog[public],
        "schemas_behind": behind,
        "countries": len(countries),
    }
