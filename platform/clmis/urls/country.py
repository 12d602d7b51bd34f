from django.urls import include, path

from clmis import views as clmis_views
from clmis.accounts.admin import country_admin_site
from clmis.urls import common_patterns
from modules.casework import settings_urls as case_settings
from modules.configuration import views as configuration_views
from modules.country_settings import views as country_settings_views
from modules.registry import installed_modules
from tenants import views as tenant_views


def module_patterns() -> list:
    """Each module's pages at /<key>/ and API at /api/v1/<key>/, namespaced by its key.

    The key as application namespace is how modules.gate.ModuleGateMiddleware recognises a module's
    views and answers 404 where the module is disabled.
    """
    patterns = []
    for config in installed_modules():
        manifest = config.manifest
        if manifest.urls:
            patterns.append(path(f"{manifest.key}/", include((manifest.urls, manifest.key))))
        if manifest.api_urls:
            patterns.append(
                path(
                    f"api/v1/{manifest.key}/",
                    include((manifest.api_urls, manifest.key), namespace=f"{manifest.key}-api"),
                )
            )
    return patterns


urlpatterns = [
    *common_patterns("clmis.urls.country"),
    path("settings/", clmis_views.settings_index, name="settings"),
    path("settings/modules/", tenant_views.country_modules, name="country-modules"),
    path("settings/fields/", include("modules.custom_fields.urls")),
    path("settings/site/", country_settings_views.settings_edit, name="country-settings"),
    path("site/logo", country_settings_views.logo, name="country-logo"),
    path("site/brand.css", country_settings_views.brand_stylesheet, name="country-brand"),
    path("settings/labels/", include("modules.labels.urls")),
    path("settings/workflows/", include("modules.casework.workflow_urls")),
    path("settings/configuration/", include("modules.configuration.urls")),
    path("settings/extensions/", include("regional_hub.extensions.country_urls")),
    path("settings/provider-changes/", configuration_views.provider_changes, name="provider-changes"),
    path(
        "settings/provider-changes/<int:pk>/revert/",
        configuration_views.provider_change_revert_view,
        name="provider-change-revert",
    ),
    path("api/v1/configuration/", include("modules.configuration.api_urls")),
    path("settings/letters/", include(case_settings.letters)),
    path("settings/numbering/", include(case_settings.numbering)),
    path("api/v1/custom-fields/", include("modules.custom_fields.api_urls")),
    path("api/v1/settings/letters/", include(case_settings.letters_api)),
    path("api/v1/settings/numbering/", include(case_settings.numbering_api)),
    path("indicators/", include("modules.indicators.urls")),
    path("news/", include("modules.news.urls")),
    # Before lmi/: the figures' pages take any word after /lmi/ as an indicator's code.
    path("lmi/news/", include("modules.news.public_urls")),
    path("lmi/", include("modules.indicators.public_urls")),
    path("api/v1/indicators/", include("modules.indicators.api_urls")),
    path("tables/", include("modules.reference.urls")),
    path("cases/", include("modules.casework.urls")),
    path("api/v1/cases/", include("modules.casework.api_urls")),
    path("reports/", include("modules.reports.urls")),
    path("api/v1/reference/", include("modules.reference.api_urls")),
    *module_patterns(),
    path("admin/", country_admin_site.urls),
]

# A path no endpoint takes answers JSON under /api/ (clmis.api.errors).
handler404 = "clmis.api.errors.not_found"
handler500 = "clmis.api.errors.server_error"
