"""bench/hub_urls.py's uncached version as a URLconf of its own (a URLconf is a module)."""

from bench.hub_urls import uncached_urlpatterns as urlpatterns

__all__ = ["urlpatterns"]
