from django.urls import path

from modules.indicators import views
from regional_hub.data_requests.views import country_requests

app_name = "indicators"

urlpatterns = [
    path("", views.indicator_list, name="list"),
    path("export.xlsx", views.indicator_export, name="export"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("hub-requests/", country_requests, name="hub-requests"),
    path("compute/", views.compute, name="compute"),
    path("compute/<uuid:task_id>/", views.compute_progress, name="compute-progress"),
    path("new/", views.indicator_create, name="create"),
    path("submit/", views.submit_start, name="submit"),
    path("submit/<int:pk>/", views.submit_form, name="submit-form"),
    path("submit/<int:pk>/upload/", views.submit_upload, name="submit-upload"),
    path("submit/<int:pk>/upload/errors.csv", views.submit_error_report, name="submit-errors"),
    path("submit/uploads/<int:pk>/", views.submit_upload_progress, name="upload"),
    path("submit/uploads/<int:pk>/errors.csv", views.submit_upload_errors, name="upload-errors"),
    path("submit/<int:pk>/template.csv", views.submit_template, {"extension": "csv"}, name="submit-template"),
    path(
        "submit/<int:pk>/template.xlsx",
        views.submit_template,
        {"extension": "xlsx"},
        name="submit-template-xlsx",
    ),
    path("values/", views.values_vet, name="values"),
    path("releases/", views.release_list, name="release-list"),
    path("releases/export.xlsx", views.release_export, name="release-export"),
    path("releases/new/", views.release_create, name="release-create"),
    path("releases/<int:pk>/", views.release_edit, name="release-edit"),
    path("<int:pk>/", views.indicator_detail, name="detail"),
    path("<int:pk>/edit/", views.indicator_edit, name="edit"),
    path("agencies/", views.agency_list, name="agency-list"),
    path("agencies/export.xlsx", views.agency_export, name="agency-export"),
    path("agencies/new/", views.agency_create, name="agency-create"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency-detail"),
    path("agencies/<int:pk>/edit/", views.agency_edit, name="agency-edit"),
    path("agencies/<int:pk>/members/", views.agency_member_add_view, name="agency-member-add"),
    path(
        "agencies/<int:pk>/members/<int:user_id>/remove/",
        views.agency_member_remove_view,
        name="agency-member-remove",
    ),
]
