"""Every log line carries its country and its request's (or task's) id; JSON in production."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import get_resolver
from django.utils import translation
from django_tenants.utils import tenant_context

from clmis.api.errors import server_error
from clmis.celery import app
from clmis.logs import REQUEST_ID_HEADER, ContextFilter, JsonFormatter, request_id
from clmis.tasks import ping
from tests.support import client_for


@pytest.fixture
def json_lines():
    """The django.request logger's lines, through the handler settings give every logger."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ContextFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        logger.removeHandler(handler)


def test_a_requests_lines_name_its_country_and_its_id(countries, db, json_lines):
    answer = client_for("kn.localhost").get("/no-such-page/", headers={REQUEST_ID_HEADER: "proxy-42"})
    assert answer.status_code == 404 and answer[REQUEST_ID_HEADER] == "proxy-42"
    [line] = json_lines()
    assert (line["level"], line["logger"], line["country"], line["request_id"]) == (
        "WARNING",
        "django.request",
        "kn",
        "proxy-42",
    )
    assert "Not Found: /no-such-page/" in line["message"] and line["time"].endswith("+00:00")


def test_an_id_the_proxy_did_not_send_or_sent_garbled_is_made_here(countries, db):
    for given in ("", 'x" injected="1', "a" * 65):
        answer = client_for("localhost").get("/health/", headers={REQUEST_ID_HEADER: given})
        made = answer[REQUEST_ID_HEADER]
        assert made != given and len(made) == 32 and made.isalnum()
    first, second = (client_for("localhost").get("/health/")[REQUEST_ID_HEADER] for _ in range(2))
    assert first != second
    assert request_id.get() == ""  # nothing is left for the next request on this thread


def test_a_traceback_stays_inside_its_json_line():
    record = logging.LogRecord("clmis", logging.ERROR, __file__, 1, "failed: %s", ("x",), None)
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    ContextFilter().filter(record)
    [line] = JsonFormatter().format(record).splitlines()
    parsed = json.loads(line)
    assert parsed["message"] == "failed: x" and "ValueError: boom" in parsed["exception"]


def test_a_tasks_lines_carry_its_id(countries, db):
    with tenant_context(countries["kn"]):
        result = ping.apply(task_id="task-7")
    assert result.get() == {"schema": "kn"}
    assert request_id.get() == "task-7"
    assert app.conf.worker_hijack_root_logger is False


def test_every_handler_of_the_settings_adds_the_context():
    assert all(handler["filters"] == ["context"] for handler in settings.LOGGING["handlers"].values())


def test_production_logs_json_lines_with_the_context():
    """A real `clmis` process under the production profile: what it logs is one JSON object a line."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clmis.settings",
        "CLMIS_PROFILE": "production",
        "SECRET_KEY": "a" * 20 + "production-secret-key-with-enough-entropy-0123456789",
        "CLMIS_BASE_DOMAIN": "lmis.example.org",
    }
    environment.pop("LOG_FORMAT", None)
    code = "import logging; logging.getLogger('clmis').warning('rollout of %s failed', 'kn')"
    result = subprocess.run(
        [str(Path(sys.executable).parent / "clmis"), "shell", "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    [line] = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert (line["level"], line["logger"], line["message"], line["country"], line["request_id"]) == (
        "WARNING",
        "clmis",
        "rollout of kn failed",
        "public",
        "",
    )


def test_a_page_that_fails_gives_the_reference_the_logs_know_it_by():
    """The 500 page of both sites names the request's id, which every log line of the request (and the
    error report) carries: what a person tells the administrator finds the error. In the language of
    the request (a country's, Dutch for Suriname)."""
    for urlconf in ("clmis.urls.country", "clmis.urls.hub"):
        assert get_resolver(urlconf).resolve_error_handler(500) is server_error
    token = request_id.set("ticket-2041")
    try:
        page = server_error(RequestFactory().get("/")).content.decode()
        with translation.override("nl"):
            dutch = server_error(RequestFactory().get("/")).content.decode()
    finally:
        request_id.reset(token)
    assert '<html lang="en">' in page and "Something went wrong" in page
    assert "<strong>ticket-2041</strong>" in page
    assert '<html lang="nl">' in dutch and "Something went wrong" not in dutch
    assert "waarmee de fout in de registratie te vinden is: <strong>ticket-2041</strong>" in dutch
