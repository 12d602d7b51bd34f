from django.urls import path

from modules.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.activity_list, name="list"),
    path("export.xlsx", views.activity_export, name="export"),
    path("new/", views.activity_create, name="create"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/confirm/", views.activity_confirm_page, name="confirm"),
    path("<int:pk>/reopen/", views.activity_reopen_page, name="reopen"),
    path("<int:pk>/delete/", views.activity_delete_page, name="delete"),
]
