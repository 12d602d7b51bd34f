from django.urls import path

from modules.accidents import views

app_name = "accidents"

urlpatterns = [
    path("", views.accident_list, name="list"),
    path("export.xlsx", views.accident_export, name="export"),
    path("new/", views.accident_create, name="create"),
    path("<int:pk>/", views.accident_detail, name="detail"),
    path("<int:pk>/edit/", views.accident_edit, name="edit"),
    path("<int:pk>/medical-reports/new/", views.medical_report_create, name="medical-report-create"),
    path("medical-reports/<int:pk>/edit/", views.medical_report_edit, name="medical-report-edit"),
]
