"""infra/gunicorn.conf.py serves the application: a real gunicorn with the production file, its access
log naming the host and the request id the application gave back."""

import os
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.security.faults_support import free_port, wait_until
from tests.support import url_of_test_database

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "infra" / "gunicorn.conf.py"
GUNICORN = str(Path(sys.executable).parent / "gunicorn")


def _environment(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": url_of_test_database(),
        "DJANGO_SETTINGS_MODULE": "clmis.settings_test",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "platform"), str(ROOT)]),
        **extra,
    }


def test_the_configuration_is_valid_and_takes_the_environment():
    result = subprocess.run(
        [GUNICORN, "--print-config", "-c", str(CONFIG), "clmis.wsgi"],
        env=_environment(WEB_CONCURRENCY="3", CLMIS_BIND="127.0.0.1:9123", CLMIS_WEB_TIMEOUT="45"),
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    printed = {
        name.strip(): value.strip()
        for name, _equals, value in (line.partition("=") for line in result.stdout.splitlines())
    }
    assert (printed["workers"], printed["bind"], printed["timeout"]) == ("3", "['127.0.0.1:9123']", "45")
    assert (printed["worker_class"], printed["graceful_timeout"]) == ("sync", "20")
    assert (printed["max_requests"], printed["max_requests_jitter"]) == ("5000", "500")


@pytest.mark.django_db
def test_gunicorn_serves_with_it_and_logs_the_request_id(countries, tmp_path):
    port = free_port()
    log = tmp_path / "web.log"
    with open(log, "wb") as output:
        server = subprocess.Popen(
            [GUNICORN, "-c", str(CONFIG), "clmis.wsgi"],
            env=_environment(CLMIS_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY="1"),
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/health/", headers={"Host": "kn.localhost", "X-Request-ID": "probe-1"}
        )
        answer = wait_until(lambda: _get(request), "gunicorn answers")
        assert answer == (200, "probe-1")
        wait_until(lambda: b"id=probe-1" in log.read_bytes(), "the access log line")
        [line] = [line for line in log.read_text().splitlines() if "id=probe-1" in line]
        assert '"kn.localhost" "GET /health/ HTTP/1.1" 200' in line
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert server.returncode == 0  # a graceful stop


def _get(request: urllib.request.Request) -> tuple[int, str] | None:
    try:
        with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 - loopback only
            return response.status, response.headers["X-Request-ID"]
    except OSError:
        return None


@pytest.mark.django_db
def test_with_a_metrics_directory_every_worker_is_counted_in_one_scrape(countries, tmp_path):
    """Two workers share the requests; whichever answers the scrape reports both workers' counts."""
    port, metrics = free_port(), tmp_path / "metrics"
    metrics.mkdir()
    server = subprocess.Popen(
        [GUNICORN, "-c", str(CONFIG), "clmis.wsgi"],
        env=_environment(
            CLMIS_BIND=f"127.0.0.1:{port}",
            WEB_CONCURRENCY="2",
            PROMETHEUS_MULTIPROC_DIR=str(metrics),
            CLMIS_METRICS_TOKEN="scrape-token",
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    try:
        alive = urllib.request.Request(f"http://127.0.0.1:{port}/health/")
        wait_until(lambda: _get(alive), "gunicorn answers")
        # Requests at once, so both workers answer some (each worker writes its own file of values).
        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(lambda _: _status(f"http://127.0.0.1:{port}/no-such-page/"), range(40)))
        assert statuses == [404] * 40
        wait_until(lambda: len({path.name for path in metrics.glob("counter_*.db")}) == 2,
                   "both workers' counters")  # fmt: skip
        scrape = urllib.request.Request(
            f"http://127.0.0.1:{port}/metrics/", headers={"Authorization": "Bearer scrape-token"}
        )
        with urllib.request.urlopen(scrape, timeout=10) as response:  # noqa: S310 - loopback only
            page = response.read().decode()
    finally:
        server.terminate()
        server.wait(timeout=30)
    counted = [
        sample.value
        for family in text_string_to_metric_families(page)
        for sample in family.samples
        if sample.name == "clmis_http_requests_total" and sample.labels == {"country": "kn", "status": "404"}
    ]
    assert counted == [40.0]


def _status(url: str) -> int:
    request = urllib.request.Request(url, headers={"Host": "kn.localhost"})  # noqa: S310 - loopback only
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback only
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
