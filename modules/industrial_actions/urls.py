from django.urls import path

from modules.industrial_actions import views

app_name = "industrial_actions"

urlpatterns = [
    path("", views.action_list, name="list"),
    path("export.xlsx", views.action_export, name="export"),
    path("new/", views.action_create, name="create"),
    path("<int:pk>/", views.action_detail, name="detail"),
    path("<int:pk>/edit/", views.action_edit, name="edit"),
]
