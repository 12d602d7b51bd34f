from django.urls import include, path

from clmis.accounts.admin import hub_admin_site
from clmis.urls import common_patterns
from tenants import views as tenant_views
from tenants.api import CountryListApi

urlpatterns = [
    *common_patterns("clmis.urls.hub"),
    path("countries/", include("tenants.urls")),
    path("providers/", include("tenants.providers.urls")),
    path("console/", include("tenants.providers.console_urls")),
    path("catalogue/", include("regional_hub.catalogue.urls")),
    path("facts/", include("regional_hub.facts.urls")),
    path("releases/", include("regional_hub.releases.urls")),
    path("data-requests/", include("regional_hub.data_requests.urls")),
    path("extensions/", include("regional_hub.extensions.urls")),
    path("data/", include("regional_hub.facts.public_urls")),
    path("modules/", tenant_views.module_list, name="modules"),
    path("api/v1/countries/", CountryListApi.as_view(), name="api-countries"),
    # Open data, no sign-in: JSON and CSV, and SDMX for statistical software.
    path("api/v1/open/", include("regional_hub.open_data.urls")),
    path("sdmx/", include("regional_hub.sdmx.urls")),
    path("admin/", hub_admin_site.urls),
]

# A path no endpoint takes answers JSON under /api/ (clmis.api.errors).
handler404 = "clmis.api.errors.not_found"
handler500 = "clmis.api.errors.server_error"
