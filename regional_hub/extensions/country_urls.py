"""The contributing country's pages, under /settings/extensions/ on its site."""

from django.urls import path

from regional_hub.extensions import views

app_name = "extension_submissions"

urlpatterns = [
    path("", views.country_extensions, name="list"),
    path("<int:pk>/", views.country_extension, name="detail"),
]
