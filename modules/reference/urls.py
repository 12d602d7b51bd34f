from django.urls import path

from modules.reference import views

app_name = "reference"

# "new" comes before the keys and codes it would otherwise be taken for (the forms refuse it as either).
urlpatterns = [
    path("", views.table_list, name="tables"),
    path("new/", views.table_create, name="table-create"),
    path("<slug:key>/", views.table_detail, name="table"),
    path("<slug:key>/search/", views.code_search, name="search"),
    path("<slug:key>/codes/new/", views.code_create, name="code-create"),
    path("<slug:key>/codes/<str:code>/", views.code_detail, name="code"),
    path("<slug:key>/codes/<str:code>/edit/", views.code_edit, name="code-edit"),
]
