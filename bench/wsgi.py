"""One GET through Django's WSGI handler, made as a WSGI server would make it (no test client, no network).

The test client skips parts of the real request cycle; a handler called with a full environ runs the
middleware, the signals (request_started/finished, the connection health check) and the response's
close() as gunicorn would, which is what the benchmarks compare.
"""

import io
import sys
from dataclasses import dataclass
from typing import BinaryIO

from django.core.handlers.wsgi import WSGIHandler


@dataclass(frozen=True)
class Answer:
    """Status, and the body (empty when it was streamed to a sink) with its size in bytes."""

    status: int
    body: bytes
    size: int


def get(
    handler: WSGIHandler,
    *,
    host: str,
    path: str,
    query: str = "",
    headers: dict[str, str] | None = None,
    sink: BinaryIO | None = None,
) -> Answer:
    """GET `path?query` on `host`; `headers` are environ keys (HTTP_AUTHORIZATION...).

    With a sink, the body goes there block by block as it is produced, as a server writes it to the
    socket, so a streamed response is never held whole in this process.
    """
    status: list[str] = []
    response = handler(
        _environ(host, path, query, headers or {}),
        lambda line, _headers, exc_info=None: status.append(line),
    )
    try:
        body, size = _consume(response, sink)
    finally:
        response.close()  # fires request_finished, as a real server does
    return Answer(int(status[0].split()[0]), body, size)


def _consume(response, sink: BinaryIO | None) -> tuple[bytes, int]:
    if sink is None:
        body = b"".join(response)
        return body, len(body)
    size = 0
    for block in response:
        sink.write(block)
        size += len(block)
    return b"", size


def _environ(host: str, path: str, query: str, headers: dict[str, str]) -> dict[str, object]:
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": host,
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": host,
        **headers,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
