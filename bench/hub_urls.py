"""The hub's URLconf as the hub benchmarks (bench/hub.py) serve it, in two versions.

`urlpatterns`: the hub's own, plus the static files the pages are compared with (the same route as
bench/urls.py's, at the hub's host). UNCACHED (bench.hub_urls.uncached): the same, with the public
explorer and SDMX data queries answered by their views without cache_page (the decorator's
`__wrapped__`: every other decorator and every other cache stays), at the same addresses, so a page
is computed on every request and answers the same bytes.
"""

from django.urls import path, re_path
from django.views.static import serve

from bench.indicators import STATIC_DIR
from clmis.urls.hub import urlpatterns as hub_urlpatterns
from regional_hub.facts.public_views import regional_explorer
from regional_hub.sdmx.urls import PART
from regional_hub.sdmx.views import data_query

UNCACHED = "bench.hub_urls_uncached"

urlpatterns = [
    path("bench/static/<path:path>", serve, {"document_root": STATIC_DIR}, name="bench-static"),
    *hub_urlpatterns,
]

uncached_urlpatterns = [
    path("data/explore/", regional_explorer.__wrapped__),
    re_path(
        rf"^sdmx/data/(?P<flow>{PART})(?:/(?P<key>[^/]*))?(?:/(?P<provider>{PART}))?/?$",
        data_query.__wrapped__,
    ),
    *urlpatterns,
]
