from django.urls import path

from clmis_training import views

app_name = "training_programmes"

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("export.xlsx", views.programme_export, name="export"),
    path("new/", views.programme_create, name="create"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/edit/", views.programme_edit, name="edit"),
    path("<int:pk>/trainees/new/", views.trainee_create, name="trainee-create"),
    path("trainees/<int:pk>/edit/", views.trainee_edit, name="trainee-edit"),
]
