from django.urls import path

from modules.disputes import views

app_name = "disputes"

urlpatterns = [
    path("", views.dispute_list, name="list"),
    path("export.xlsx", views.dispute_export, name="export"),
    path("new/", views.dispute_create, name="create"),
    path("<int:pk>/", views.dispute_detail, name="detail"),
    path("<int:pk>/edit/", views.dispute_edit, name="edit"),
    path("<int:pk>/meetings/new/", views.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
]
