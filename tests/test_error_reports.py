"""With SENTRY_DSN set, an error logged reaches the error-report service, tagged with its country and
without personal data; a real `clmis` process against a stand-in for the service."""

import gzip
import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import brotli
import pytest

from tests.security.faults_support import free_port, wait_until


@pytest.fixture
def service():
    """A stand-in for Sentry's ingestion endpoint: keeps the envelopes it is sent."""
    received: list[bytes] = []

    class Ingest(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            encoding = self.headers.get("Content-Encoding")
            decompress = {"gzip": gzip.decompress, "br": brotli.decompress}.get(encoding, bytes)
            received.append(decompress(body))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", free_port()), Ingest)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], received
    server.shutdown()


def test_an_error_logged_is_reported_with_its_country_and_nothing_personal(service):
    port, received = service
    code = (
        "import logging, sentry_sdk;"
        "logging.getLogger('clmis.releases').error('rollout of %s failed', 'kn');"
        "sentry_sdk.flush(timeout=10)"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "clmis.settings",
        "SENTRY_DSN": f"http://publickey@127.0.0.1:{port}/1",
    }
    clmis = str(Path(sys.executable).parent / "clmis")
    subprocess.run([clmis, "shell", "-c", code], env=environment, check=True, capture_output=True)
    wait_until(lambda: received, "the report arrives")
    items = [json.loads(line) for line in received[0].splitlines() if line.strip().startswith(b"{")]
    [event] = [item for item in items if item.get("logentry") or item.get("message")]
    message = event.get("logentry", {}).get("formatted") or event.get("message")
    assert message == "rollout of kn failed"
    assert event["tags"]["country"] == "public" and event["level"] == "error"
    assert event["release"] and event["environment"] == "development"
    assert "user" not in event and "cookies" not in event.get("request", {})


def test_without_the_dsn_nothing_is_started():
    import sentry_sdk

    assert not sentry_sdk.get_client().is_active()
