"""The caching of the public pages, the countries' and the hub's.

A page stays in the cache for a minute at most, and less when something is published: publishing
(`public_pages_expire`) starts a new generation of the schema's pages, so the next reader gets the page
computed afresh. With the shared Redis cache every process sees the new generation at once; with the
per-process default (`locmem://`) the other processes' pages still age out within the minute.

A country's pages also keep a copy for a day that its site serves while it is closed for an upgrade
(tenants.routing), so readers of the public figures do not notice the upgrade.
"""

import uuid
from collections.abc import Callable
from functools import lru_cache, wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.cache import cache_page
from django_tenants.utils import schema_context

KEPT_SECONDS = 24 * 3600
GENERATION_KEY = "public-pages-generation"
# Generations a view keeps a cache_page wrapper for: one per schema is in use at a time.
GENERATIONS_HELD = 512


def published_page(seconds: int) -> Callable:
    """cache_page(seconds) under the schema's current generation of public pages."""

    def decorator(view: Callable) -> Callable:
        @lru_cache(maxsize=GENERATIONS_HELD)
        def cached(generation: str) -> Callable:
            return cache_page(seconds, key_prefix=f"public-{generation}")(view)

        @wraps(view)
        def page(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            # Read once per request: the page is looked up and stored under the same generation.
            return cached(cache.get(GENERATION_KEY, "0"))(request, *args, **kwargs)

        return page

    return decorator


def public_page(seconds: int) -> Callable:
    """A country's published_page(seconds), keeping a copy of each page it computes for the
    maintenance page."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def keeping_a_copy(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            response = view(request, *args, **kwargs)
            if request.method == "GET" and response.status_code == 200 and not response.streaming:
                cache.set(
                    _copy_key(request.get_full_path(), translation.get_language()),
                    (response.content, response["Content-Type"]),
                    KEPT_SECONDS,
                )
            return response

        return published_page(seconds)(keeping_a_copy)

    return decorator


def public_pages_expire() -> None:
    """The public pages of the schema the connection is in are computed afresh from their next request.

    Called by what publishes (values approved, a release planned, the hub's facts collected); it takes
    effect when the transaction commits, so no reader can cache the page of a publication undone.
    """
    schema = connection.schema_name

    def expire() -> None:
        with schema_context(schema):
            cache.set(GENERATION_KEY, uuid.uuid4().hex, None)

    transaction.on_commit(expire)


def public_page_copy(request: HttpRequest, default_language: str) -> HttpResponse | None:
    """The kept copy of a public page, in the reader's chosen language or the country's, if any.

    Called with the connection set to the country (cache keys carry the schema); reads no table.
    """
    if request.method not in ("GET", "HEAD"):
        return None
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if language not in dict(settings.LANGUAGES):
        language = default_language
    kept = cache.get(_copy_key(request.get_full_path(), language))
    if kept is None:
        return None
    content, content_type = kept
    response = HttpResponse(content, content_type=content_type)
    response["Content-Language"] = language
    response["Cache-Control"] = "max-age=60"
    return response


def _copy_key(path: str, language: str | None) -> str:
    return f"public-copy:{language}:{path}"
