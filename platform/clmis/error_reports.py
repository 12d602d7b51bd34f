"""Error reports to Sentry (or a service speaking its protocol, such as GlitchTip) when SENTRY_DSN is set.

Optional: `pip install "clmis[sentry]"`. Reports carry the country (`country` tag) and the request or
task id, never personal data: no cookies, user details or request bodies are sent, since a case's
form holds names and national insurance numbers.
"""

import logging

from django.core.exceptions import ImproperlyConfigured

from clmis.logs import request_id


def error_reports_start(*, dsn: str, environment: str, release: str, traces_sample_rate: float) -> None:
    try:
        import sentry_sdk
        from sentry_sdk.integrations.celery import CeleryIntegration
        from sentry_sdk.integrations.django import DjangoIntegration
        from sentry_sdk.integrations.logging import LoggingIntegration
    except ImportError as error:
        raise ImproperlyConfigured(
            'SENTRY_DSN is set but sentry-sdk is not: pip install "clmis[sentry]"'
        ) from error
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        send_default_pii=False,
        max_request_body_size="never",
        traces_sample_rate=traces_sample_rate,
        integrations=[
            DjangoIntegration(),
            CeleryIntegration(),
            LoggingIntegration(level=logging.INFO, event_level=logging.ERROR),
        ],
        before_send=_with_context,
    )


def _with_context(event: dict, hint: dict) -> dict:
    """The country and the request id of the lines the event came with (clmis.logs)."""
    from django.db import connection

    tags = event.setdefault("tags", {})
    tags["country"] = getattr(connection, "schema_name", "") or ""
    tags["request_id"] = request_id.get()
    return event
