from django.urls import path

from modules.migrant_assistance import views

app_name = "migrant_assistance"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("export.xlsx", views.request_export, name="export"),
    path("new/", views.request_create, name="create"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/edit/", views.request_edit, name="edit"),
    path("<int:pk>/actions/new/", views.action_create, name="action-create"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
]
