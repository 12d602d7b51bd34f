from django.urls import path

from modules.reference import views

app_name = "reference"

urlpatterns = [
    path("", views.table_list, name="tables"),
    path("<slug:key>/search/", views.code_search, name="search"),
]
