from django.urls import path

from modules.configuration import views

app_name = "configuration"

urlpatterns = [
    path("", views.configuration_page, name="page"),
    path("export.json", views.configuration_download, name="export"),
    path("preview/", views.configuration_preview, name="preview"),
    path("apply/", views.configuration_apply, name="apply"),
]
