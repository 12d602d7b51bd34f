"""Two URLconfs: the hub's (public schema) and the one every country serves. The router picks one per host."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from clmis import views
from clmis.api.views import MeApi
from clmis.i18n import language_choose, language_switch


def common_patterns(urlconf: str) -> list:
    """What every host serves: sign-in, profile, language switch, /api/v1/me/ and the API's documentation."""
    return [
        path("", views.home, name="home"),
        path("accounts/", include("allauth.urls")),
        path("profile/", include("clmis.accounts.urls")),
        path("i18n/setlang/", language_switch, name="set_language"),
        path("i18n/language/", language_choose, name="language-choose"),
        path("help/", include("clmis.help.urls")),
        path("api/v1/me/", MeApi.as_view(), name="api-me"),
        # The schema of this host's own URLconf: the hub and a country document different endpoints.
        path(
            "api/schema/",
            SpectacularAPIView.as_view(urlconf=urlconf, permission_classes=[AllowAny]),
            name="api-schema",
        ),
        # The split view serves Swagger UI's start-up script from a URL, not inline: the
        # Content-Security-Policy allows no inline script (docs/security.md).
        path(
            "api/docs/",
            SpectacularSwaggerSplitView.as_view(url_name="api-schema", permission_classes=[AllowAny]),
            name="api-docs",
        ),
    ]
