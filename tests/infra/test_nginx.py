"""infra/nginx's configuration is valid for nginx (`nginx -t`), and in front of gunicorn it routes a
country's host with its request id, and refuses a body larger than the application takes."""

import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.infra.support import request_through_proxy
from tests.security.faults_support import free_port, wait_until
from tests.support import url_of_test_database

ROOT = Path(__file__).resolve().parents[2]
NGINX = ROOT / "infra" / "nginx"
NGINX_BINARY = shutil.which("nginx") or "/usr/sbin/nginx"

pytestmark = pytest.mark.skipif(not Path(NGINX_BINARY).exists(), reason="nginx is not installed")


def _installed(tmp_path: Path, https: int, http: int, upstream: int) -> Path:
    """The files laid out as on a server, under tmp_path, with a self-signed certificate per domain."""
    for directory in ("snippets", "domains", "certs/base", "certs/domain", "logs", "media"):
        (tmp_path / directory).mkdir(parents=True)
    for certificate in ("base", "domain"):
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=test",
             "-keyout", str(tmp_path / "certs" / certificate / "privkey.pem"),
             "-out", str(tmp_path / "certs" / certificate / "fullchain.pem")],
            check=True, capture_output=True,
        )  # fmt: skip

    def placed(text: str) -> str:
        return (
            text.replace("/etc/nginx/snippets/", f"{tmp_path}/snippets/")
            .replace("/etc/nginx/clmis-domains/", f"{tmp_path}/domains/")
            .replace("/etc/letsencrypt/live/lmis.example.org/", f"{tmp_path}/certs/base/")
            .replace("/etc/letsencrypt/live/lmi.gov.kn/", f"{tmp_path}/certs/domain/")
            .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;")
            .replace("listen [::]:443 ssl http2;", "")
            .replace("listen 80;", f"listen 127.0.0.1:{http};")
            .replace("listen [::]:80;", "")
            .replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};")
            .replace("/var/lib/clmis/media/", f"{tmp_path}/media/")
        )

    (tmp_path / "clmis.conf").write_text(placed((NGINX / "clmis.conf").read_text()))
    for snippet in ("clmis-site.conf", "clmis-proxy.conf"):
        (tmp_path / "snippets" / snippet).write_text(placed((NGINX / snippet).read_text()))
    domain = placed((NGINX / "clmis-domain.conf.example").read_text())
    (tmp_path / "domains" / "lmi.gov.kn.conf").write_text(domain)
    main = tmp_path / "nginx.conf"
    main.write_text(
        # Run as root (CI), nginx's workers would be nobody, who cannot read the test's files.
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"daemon off;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/logs/error.log;\n"
        "events {}\n"
        f"http {{\n access_log {tmp_path}/logs/access.log;\n client_body_temp_path {tmp_path}/body;\n"
        f" proxy_temp_path {tmp_path}/proxy;\n include {tmp_path}/clmis.conf;\n}}\n"
    )
    return main


def test_the_configuration_is_valid(tmp_path):
    main = _installed(tmp_path, free_port(), free_port(), free_port())
    result = subprocess.run(
        [NGINX_BINARY, "-t", "-c", str(main)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr and "test is successful" in result.stderr


@pytest.mark.django_db
def test_in_front_of_gunicorn_it_routes_a_country_and_caps_the_body(countries, tmp_path):
    https, http, upstream = free_port(), free_port(), free_port()
    main = _installed(tmp_path, https, http, upstream)
    environment = {
        **os.environ,
        "DATABASE_URL": url_of_test_database(),
        "DJANGO_SETTINGS_MODULE": "clmis.settings_test",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "platform"), str(ROOT)]),
        "CLMIS_BIND": f"127.0.0.1:{upstream}",
        "WEB_CONCURRENCY": "1",
    }
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    web = subprocess.Popen(
        [gunicorn, "-c", str(ROOT / "infra" / "gunicorn.conf.py"), "clmis.wsgi"],
        env=environment, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    proxy = subprocess.Popen([NGINX_BINARY, "-c", str(main)], stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: _answers(upstream) and _answers(http), "gunicorn and nginx listen")
        # Plain HTTP is sent to HTTPS, on any of the deployment's names.
        plain = request_through_proxy(f"http://127.0.0.1:{http}/lmi/", host="kn.lmis.example.org")
        assert (plain.status, plain.headers["Location"]) == (301, "https://kn.lmis.example.org/lmi/")
        # Through TLS to gunicorn: the host reaches the application, which routes it, and the request
        # id nginx made is the one the application gives back.
        alive = request_through_proxy(f"https://127.0.0.1:{https}/health/", host="kn.localhost")
        assert alive.status == 200 and len(alive.headers["X-Request-ID"]) == 32
        given = request_through_proxy(
            f"https://127.0.0.1:{https}/health/", host="kn.localhost", request_id="probe-7"
        )
        assert given.headers["X-Request-ID"] == "probe-7"
        # A body over the cap never reaches the application.
        huge = request_through_proxy(
            f"https://127.0.0.1:{https}/api/v1/complaints/", host="kn.localhost", body=13 << 20
        )
        assert huge.status == 413
    finally:
        proxy.terminate()
        web.terminate()
        proxy.wait(timeout=30)
        web.wait(timeout=30)


def _answers(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


class _DownloadAllowed(http.server.BaseHTTPRequestHandler):
    """The application's answer to a document it allowed (clmis.downloads.file_download)."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("X-Accel-Redirect", "/_media/kn/cases/7/pay%20slip.pdf")
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Disposition", 'attachment; filename="pay slip.pdf"')
        self.send_header("Cache-Control", "private, no-store")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


def test_a_download_the_application_allowed_is_sent_by_nginx_from_the_media_files(tmp_path):
    https, plain = free_port(), free_port()
    application = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _DownloadAllowed)
    threading.Thread(target=application.serve_forever, daemon=True).start()
    main = _installed(tmp_path, https, plain, application.server_address[1])
    document = tmp_path / "media" / "kn" / "cases" / "7" / "pay slip.pdf"
    document.parent.mkdir(parents=True)
    document.write_bytes(b"%PDF-1.4 the pay slip")
    proxy = subprocess.Popen([NGINX_BINARY, "-c", str(main)], stderr=subprocess.DEVNULL)
    try:
        wait_until(lambda: _answers(https), "nginx listens")
        download = request_through_proxy(
            f"https://127.0.0.1:{https}/cases/7/documents/1/", host="kn.localhost"
        )
        assert download.status == 200
        assert download.read() == b"%PDF-1.4 the pay slip"
        assert download.headers["Content-Type"] == "application/pdf"
        assert download.headers["Content-Disposition"] == 'attachment; filename="pay slip.pdf"'
        assert download.headers["Cache-Control"] == "private, no-store"
        assert "X-Accel-Redirect" not in download.headers
    finally:
        proxy.terminate()
        proxy.wait(timeout=30)
        application.shutdown()
