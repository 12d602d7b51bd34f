from django.urls import path

from modules.configuration import api

app_name = "configuration_api"

urlpatterns = [
    path("", api.ConfigurationApi.as_view(), name="export"),
    path("import/", api.ConfigurationImportApi.as_view(), name="import"),
]
