from django.urls import path

from modules.workplaces import views

app_name = "workplaces"

urlpatterns = [
    path("", views.workplace_list, name="list"),
    path("export.xlsx", views.workplace_export, name="export"),
    path("search/", views.workplace_search, name="search"),
    path("new/for-employer/<int:employer_pk>/", views.workplace_create, name="create"),
    path("<int:pk>/", views.workplace_detail, name="detail"),
    path("<int:pk>/edit/", views.workplace_edit, name="edit"),
]
