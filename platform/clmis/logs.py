"""Every log line says which country and which request (or task) it belongs to, as JSON in production.

An operator following one person's complaint, or one country's failed night, filters the lines by
`country` and `request_id`: the web server's access log carries the same id (the `X-Request-ID`
header, taken from the proxy when it sends a sane one, made here otherwise, and given back to the
client), and a task's lines carry the task's id.
"""

import datetime
import json
import logging
import re
import uuid
from contextvars import ContextVar

from django.core.signals import request_finished
from django.db import connection
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy may hand us as an id: short and plain, so it cannot forge log lines.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")

request_id: ContextVar[str] = ContextVar("request_id", default="")


class RequestIdMiddleware:
    """Gives every request its id (the proxy's if sane), for the log lines and the response header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        # Kept until the request is finished, not only until this returns: Django logs a 4xx or 5xx
        # answer after the middleware (request_finished below clears it).
        request_id.set(given if SANE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id.get()
        return response


@receiver(request_finished)
def _request_finished(**kwargs) -> None:
    request_id.set("")


def task_started(task_id: str | None = None, **kwargs) -> None:
    """Receives Celery's task_prerun: the task's lines carry its id."""
    request_id.set(task_id or "")


class ContextFilter(logging.Filter):
    """Adds `country` (the schema the connection is in) and `request_id` to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.country = getattr(connection, "schema_name", "") or ""
        record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, country, request id, and the traceback."""

    def format(self, record: logging.LogRecord) -> str:
        when = datetime.datetime.fromtimestamp(record.created, datetime.UTC)
        line = {
            "time": when.isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "country": getattr(record, "country", ""),
            "request_id": getattr(record, "request_id", ""),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)
