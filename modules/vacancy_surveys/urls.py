from django.urls import path

from modules.vacancy_surveys import views

app_name = "vacancy_surveys"

urlpatterns = [
    path("", views.round_list, name="list"),
    path("export.xlsx", views.round_export, name="export"),
    path("new/", views.round_create, name="create"),
    path("<int:pk>/", views.round_detail, name="detail"),
    path("<int:pk>/edit/", views.round_edit, name="edit"),
    path("<int:pk>/open/", views.round_open_page, name="open"),
    path("<int:pk>/close/", views.round_close_page, name="close"),
    path("<int:pk>/reopen/", views.round_reopen_page, name="reopen"),
    path("<int:pk>/sample/", views.round_sample, name="sample"),
    path("<int:pk>/letters/", views.round_letters, name="letters"),
    path("<int:pk>/responses/", views.response_list, name="responses"),
    path("<int:pk>/responses/export.xlsx", views.response_export, name="response-export"),
    path("<int:pk>/responses/new/", views.response_create, name="response-create"),
    path("responses/<int:pk>/", views.response_detail, name="response"),
    path("responses/<int:pk>/edit/", views.response_edit, name="response-edit"),
]
