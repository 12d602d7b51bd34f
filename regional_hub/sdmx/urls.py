"""SDMX-REST 1.x addresses, without the trailing slash SDMX clients never add (one is accepted)."""

from django.urls import re_path

from regional_hub.sdmx import views

app_name = "sdmx"
PART = r"[^/]+"

urlpatterns = [
    re_path(
        rf"^data/(?P<flow>{PART})(?:/(?P<key>[^/]*))?(?:/(?P<provider>{PART}))?/?$",
        views.data_query,
        name="data",
    ),
    re_path(
        rf"^(?P<resource>[a-z]+)(?:/(?P<agency>{PART}))?(?:/(?P<resource_id>{PART}))?"
        rf"(?:/(?P<version>{PART}))?(?:/(?P<items>{PART}))?/?$",
        views.structure_query,
        name="structure",
    ),
    re_path(r"^", views.unknown, name="unknown"),
]
