from django.urls import path

from modules.custom_fields import views

app_name = "custom_fields"

urlpatterns = [
    path("", views.custom_field_list, name="list"),
    path("new/", views.custom_field_create, name="create"),
    path("<int:pk>/", views.custom_field_detail, name="detail"),
    path("<int:pk>/edit/", views.custom_field_edit, name="edit"),
]
