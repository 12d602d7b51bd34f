from django.urls import path

from modules.indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.indicator_list, name="list"),
    path("export.xlsx", views.indicator_export, name="export"),
    path("compute/", views.compute, name="compute"),
    path("compute/<uuid:task_id>/", views.compute_progress, name="compute-progress"),
    path("new/", views.indicator_create, name="create"),
    path("<int:pk>/", views.indicator_detail, name="detail"),
    path("<int:pk>/edit/", views.indicator_edit, name="edit"),
    path("agencies/", views.agency_list, name="agency-list"),
    path("agencies/export.xlsx", views.agency_export, name="agency-export"),
    path("agencies/new/", views.agency_create, name="agency-create"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency-detail"),
    path("agencies/<int:pk>/edit/", views.agency_edit, name="agency-edit"),
]
