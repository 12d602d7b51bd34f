"""gunicorn's configuration for production: `gunicorn -c infra/gunicorn.conf.py clmis.wsgi`.

Every value can be changed by the environment (the variables of infra/clmis.env.example), so the
systemd unit and the container run the same file.
"""

import multiprocessing
import os

bind = os.environ.get("CLMIS_BIND", "127.0.0.1:8000")
# Sync workers: the application is synchronous, and a slow report blocks one worker, not a loop.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request taking longer is killed (a long export streams, so it keeps the worker alive).
timeout = int(os.environ.get("CLMIS_WEB_TIMEOUT", "60"))
# On a restart, requests under way get this long to finish.
graceful_timeout = 20
keepalive = 5
# A worker is replaced after this many requests (with jitter, so not all at once): memory stays
# bounded whatever a library holds on to (docs/performance.md measures one worker's memory).
max_requests = int(os.environ.get("CLMIS_WEB_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# The proxy in front (nginx on the same host) sets X-Forwarded-Proto.
forwarded_allow_ips = os.environ.get("CLMIS_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# The host tells the country; the request id joins the line to the application's own (clmis.logs).
access_log_format = '%(h)s "%({host}i)s" "%(r)s" %(s)s %(b)s %(M)sms id=%({x-request-id}o)s'


def child_exit(server, worker) -> None:
    """A worker gone: its Prometheus counters stop counting as live (prometheus-client's multiprocess)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
