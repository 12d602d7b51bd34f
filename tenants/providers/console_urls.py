from django.urls import path

from tenants.providers import console_views as views

app_name = "console"

urlpatterns = [
    path("", views.console_home, name="home"),
    path("<str:code>/", views.console_country, name="country"),
    path("<str:code>/modules/", views.console_modules, name="modules"),
    path("<str:code>/fields/", views.console_fields, name="fields"),
    path("<str:code>/fields/new/", views.console_field, name="field-create"),
    path("<str:code>/fields/<int:pk>/", views.console_field, name="field"),
    path("<str:code>/settings/", views.console_settings, name="settings"),
    path("<str:code>/configuration/", views.console_configuration, name="configuration"),
    path("<str:code>/configuration/export.json", views.console_configuration_export, name="export"),
    path("<str:code>/configuration/preview/", views.console_configuration_preview, name="preview"),
    path("<str:code>/configuration/apply/", views.console_configuration_apply, name="apply"),
    path("<str:code>/extensions/", views.console_extensions, name="extensions"),
]
