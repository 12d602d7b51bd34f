from django.urls import path

from modules.inspections import views

app_name = "inspections"

urlpatterns = [
    path("", views.inspection_list, name="list"),
    path("export.xlsx", views.inspection_export, name="export"),
    path("new/", views.inspection_create, name="create"),
    path("<int:pk>/", views.inspection_detail, name="detail"),
    path("<int:pk>/edit/", views.inspection_edit, name="edit"),
    path("<int:pk>/checklist/", views.checklist_edit, name="checklist"),
    path("<int:pk>/follow-up/", views.follow_up_create, name="follow-up"),
    path("<int:pk>/violations/new/", views.violation_create, name="violation-create"),
    path("violations/<int:pk>/edit/", views.violation_edit, name="violation-edit"),
    path("<int:pk>/notices/new/", views.notice_create, name="notice-create"),
    path("notices/<int:pk>/edit/", views.notice_edit, name="notice-edit"),
    path("<int:pk>/penalties/new/", views.penalty_create, name="penalty-create"),
    path("penalties/<int:pk>/edit/", views.penalty_edit, name="penalty-edit"),
]
