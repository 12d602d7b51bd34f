from django.urls import path

from modules.labels import views

app_name = "labels"

urlpatterns = [
    path("", views.label_list, name="list"),
    path("new/", views.label_create, name="create"),
    path("<int:pk>/", views.label_detail, name="detail"),
    path("<int:pk>/edit/", views.label_edit, name="edit"),
    path("<int:pk>/remove/", views.label_remove, name="remove"),
]
