"""The caching of a country's public pages: a minute in the cache, as any cached page, and a copy kept
for a day that the country's site serves while it is closed for an upgrade (tenants.routing), so
readers of the public figures do not notice the upgrade."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.decorators.cache import cache_page

KEPT_SECONDS = 24 * 3600


def public_page(seconds: int) -> Callable:
    """cache_page(seconds), keeping a copy of each page it computes for the maintenance page."""

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

        return cache_page(seconds)(keeping_a_copy)

    return decorator


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
