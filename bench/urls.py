"""The country URLconf plus the bench's own views: every in-process request of the suite resolves here."""

from django.urls import path
from django.views.static import serve

from bench.indicators import STATIC_DIR
from bench.views import BenchUserListApi, employer_list_sized, employers_values
from clmis.urls.country import urlpatterns as country_urlpatterns

BENCH_PATH = "/api/v1/bench/users/"
VALUES_PATH = "/bench/employers/values/"
SIZED_LIST_PATH = "/bench/employers/list/{page_size}/"

urlpatterns = [
    path(BENCH_PATH.lstrip("/"), BenchUserListApi.as_view(), name="bench-users"),
    path(VALUES_PATH.lstrip("/"), employers_values, name="bench-employers-values"),
    path("bench/employers/list/<int:page_size>/", employer_list_sized, name="bench-employers-list"),
    # A static file the size of the public indicator page (benchmark 11), through the same handler.
    path("bench/static/<path:path>", serve, {"document_root": STATIC_DIR}, name="bench-static"),
    *country_urlpatterns,
]
