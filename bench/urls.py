"""The country URLconf plus the bench's list view; every variant of the API benchmark resolves through it."""

from django.urls import path

from bench.views import BenchUserListApi
from clmis.urls.country import urlpatterns as country_urlpatterns

BENCH_PATH = "/api/v1/bench/users/"

urlpatterns = [
    path(BENCH_PATH.lstrip("/"), BenchUserListApi.as_view(), name="bench-users"),
    *country_urlpatterns,
]
