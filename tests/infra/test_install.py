"""infra/install.sh brings a deployment up on this machine as an operator's install would: packages, the
clmis user, the application in /opt/clmis, the environment file, a migrated database, the units'
processes running as clmis, and nginx in front answering /health/ready/ over TLS.

It changes the machine (a user, /opt/clmis, /etc/clmis, nginx's configuration), so it runs only as root
on Debian and where that is wanted: in CI, or with CLMIS_INSTALL_TEST=1.
"""

import json
import os
import pwd
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest

from tests.infra.support import request_through_proxy
from tests.security.faults_support import free_port
from tests.support import url_of_test_database

ROOT = Path(__file__).resolve().parents[2]
INSTALL = ROOT / "infra" / "install.sh"
DOMAIN = "install.test"
DATABASE = "clmis_install_test"
WANTED = os.environ.get("CI", "").lower() in ("1", "true", "yes") or os.environ.get("CLMIS_INSTALL_TEST")

pytestmark = pytest.mark.skipif(
    not (WANTED and os.geteuid() == 0 and shutil.which("apt-get")),
    reason="the install test changes the machine: as root on Debian, in CI or with CLMIS_INSTALL_TEST=1",
)


def _database_url(name: str) -> str:
    """The test database's server, another database on it."""
    return urlsplit(url_of_test_database())._replace(path=f"/{name}").geturl()


@pytest.fixture(scope="module")
def installed(django_db_setup) -> Iterator[dict]:
    """One install for the module's tests, into a database of its own, stopped afterwards."""
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not broker.startswith("redis://"):
        pytest.skip("the install test needs the Redis of CELERY_BROKER_URL")
    with psycopg.connect(_database_url("postgres"), autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {DATABASE}")
    Path("/etc/clmis/clmis.env").unlink(missing_ok=True)  # a first install writes its own
    ports = {"HTTP_PORT": str(free_port()), "HTTPS_PORT": str(free_port())}
    environment = {
        "PATH": os.environ["PATH"],
        "CLMIS_BASE_DOMAIN": DOMAIN,
        "DATABASE_URL": _database_url(DATABASE),
        # A Redis database of its own: the beat's lock and the queues stay apart from the suite's.
        "CELERY_BROKER_URL": broker.rsplit("/", 1)[0] + "/7",
        "CLMIS_BIND": f"127.0.0.1:{free_port()}",
        **ports,
    }
    run = subprocess.run(
        ["bash", str(INSTALL)], env=environment, capture_output=True, text=True, timeout=900, check=False
    )
    try:
        yield {"run": run, **ports}
    finally:
        subprocess.run(["bash", str(INSTALL), "stop"], env=environment, timeout=120, check=False)
        subprocess.run(["nginx", "-s", "quit"], timeout=30, check=False)
        with psycopg.connect(_database_url("postgres"), autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def _get(port: str, path: str, *, https: bool = True):
    return request_through_proxy(f"{'https' if https else 'http'}://127.0.0.1:{port}{path}", host=DOMAIN)


def test_the_install_ends_with_the_deployment_ready(installed):
    run = installed["run"]
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    ready = _get(installed["HTTPS_PORT"], "/health/ready/")
    assert ready.status == 200
    report = json.loads(ready.read())
    assert report["status"] == "ok"
    assert report["migrations"]["ok"] and report["broker"]["ok"]


def test_nginx_sends_http_to_https_and_serves_the_static_files(installed):
    plain = _get(installed["HTTP_PORT"], "/", https=False)
    assert plain.status == 301
    assert plain.headers["Location"].startswith(f"https://{DOMAIN}")
    static = next(Path("/var/lib/clmis/static").rglob("*.css"))
    relative = static.relative_to("/var/lib/clmis/static")
    served = _get(installed["HTTPS_PORT"], f"/static/{relative}")
    assert served.status == 200
    assert served.read() == static.read_bytes()
    assert "immutable" in ", ".join(served.headers.get_all("Cache-Control"))


def test_every_process_runs_as_the_clmis_user(installed):
    clmis = pwd.getpwnam("clmis").pw_uid
    for unit in ("clmis-web", "clmis-worker", "clmis-beat"):
        pid = int(Path(f"/run/clmis/{unit}.pid").read_text())
        children = subprocess.run(["pgrep", "-g", str(pid)], capture_output=True, text=True).stdout.split()
        users = {Path(f"/proc/{child}").stat().st_uid for child in children}
        # runuser itself stays root to hand the terminal back; what it started is clmis's.
        assert clmis in users, unit
        assert users <= {0, clmis}
    assert "ready." in Path("/var/log/clmis/clmis-worker.log").read_text()


def test_the_environment_file_is_the_templates_with_a_secret_of_its_own(installed):
    env_file = Path("/etc/clmis/clmis.env")
    assert oct(env_file.stat().st_mode & 0o777) == "0o640"
    assert env_file.stat().st_gid == pwd.getpwnam("clmis").pw_gid
    values = dict(
        line.split("=", 1)
        for line in env_file.read_text().splitlines()
        if "=" in line and not line.startswith("#")
    )
    assert len(values["SECRET_KEY"]) >= 50
    assert values["CLMIS_BASE_DOMAIN"] == DOMAIN
    assert values["CLMIS_PROFILE"] == "production"
    template = (ROOT / "infra" / "clmis.env.example").read_text()
    assert all(f"{key}=" in template for key in values)
