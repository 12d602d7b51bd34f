from django.urls import path

from regional_hub.catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("", views.catalogue_list, name="list"),
    path("new/", views.catalogue_create, name="create"),
    path("codelists/", views.codelist_list, name="codelists"),
    path("codelists/<str:concept>/", views.codelist_detail, name="codelist"),
    path("<str:code>/", views.catalogue_detail, name="detail"),
    path("<str:code>/edit/", views.catalogue_edit, name="edit"),
    path("<str:code>/definition/", views.definition_create, name="definition"),
]
