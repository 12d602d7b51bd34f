from django.urls import path

from modules.unions import views

app_name = "unions"

urlpatterns = [
    path("", views.union_list, name="list"),
    path("export.xlsx", views.union_export, name="export"),
    path("new/", views.union_create, name="create"),
    path("<int:pk>/", views.union_detail, name="detail"),
    path("<int:pk>/edit/", views.union_edit, name="edit"),
]
