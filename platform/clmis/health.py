"""`/health/`: is the database reachable, the broker reachable, every schema migrated? JSON, no secrets.

Answered before host routing, so a load balancer can ask any address of the deployment.
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


class HealthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path != HEALTH_PATH:
            return self.get_response(request)
        report = health_report()
        response = JsonResponse(report, status=200 if report["status"] == "ok" else 503)
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
