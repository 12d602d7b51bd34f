from django.urls import path

from modules.employers import views

app_name = "employers"

urlpatterns = [
    path("", views.employer_list, name="list"),
    path("export.xlsx", views.employer_export, name="export"),
    path("search/", views.employer_search, name="search"),
    path("new/", views.employer_create, name="create"),
    path("<int:pk>/", views.employer_detail, name="detail"),
    path("<int:pk>/edit/", views.employer_edit, name="edit"),
    path("<int:pk>/representatives/new/", views.representative_create, name="representative-create"),
    path("representatives/<int:pk>/edit/", views.representative_edit, name="representative-edit"),
]
