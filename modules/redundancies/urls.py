from django.urls import path

from modules.redundancies import views

app_name = "redundancies"

urlpatterns = [
    path("", views.redundancy_list, name="list"),
    path("export.xlsx", views.redundancy_export, name="export"),
    path("new/", views.redundancy_create, name="create"),
    path("<int:pk>/", views.redundancy_detail, name="detail"),
    path("<int:pk>/edit/", views.redundancy_edit, name="edit"),
    path("<int:pk>/groups/new/", views.group_create, name="group-create"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group-edit"),
]
