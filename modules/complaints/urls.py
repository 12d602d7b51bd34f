from django.urls import path

from modules.complaints import views

app_name = "complaints"

urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("export.xlsx", views.complaint_export, name="export"),
    path("new/", views.complaint_create, name="create"),
    path("<int:pk>/", views.complaint_detail, name="detail"),
    path("<int:pk>/edit/", views.complaint_edit, name="edit"),
    path("<int:pk>/hearings/new/", views.hearing_create, name="hearing-create"),
    path("hearings/<int:pk>/edit/", views.hearing_edit, name="hearing-edit"),
]
