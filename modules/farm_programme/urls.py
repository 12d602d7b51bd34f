from django.urls import path

from modules.farm_programme import views

app_name = "farm_programme"

urlpatterns = [
    path("", views.worker_list, name="list"),
    path("export.xlsx", views.worker_export, name="export"),
    path("new/", views.worker_create, name="create"),
    path("<int:pk>/", views.worker_detail, name="detail"),
    path("<int:pk>/edit/", views.worker_edit, name="edit"),
    path("<int:pk>/follow-ups/new/", views.follow_up_create, name="follow-up-create"),
    path("follow-ups/<int:pk>/edit/", views.follow_up_edit, name="follow-up-edit"),
    path("rounds/", views.round_list, name="round-list"),
    path("rounds/export.xlsx", views.round_export, name="round-export"),
    path("rounds/new/", views.round_create, name="round-create"),
    path("rounds/<int:pk>/", views.round_detail, name="round-detail"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round-edit"),
]
