from django.urls import path

from modules.vacancies import views

app_name = "vacancies"

urlpatterns = [
    path("", views.vacancy_list, name="list"),
    path("export.xlsx", views.vacancy_export, name="export"),
    path("new/", views.vacancy_create, name="create"),
    path("<int:pk>/", views.vacancy_detail, name="detail"),
    path("<int:pk>/edit/", views.vacancy_edit, name="edit"),
    path("work-requests/", views.work_request_list, name="work-request-list"),
    path("work-requests/export.xlsx", views.work_request_export, name="work-request-export"),
    path("work-requests/new/", views.work_request_create, name="work-request-create"),
    path("work-requests/<int:pk>/", views.work_request_detail, name="work-request-detail"),
    path("work-requests/<int:pk>/edit/", views.work_request_edit, name="work-request-edit"),
    path("work-requests/<int:pk>/vacancy/", views.vacancy_create_from_request, name="work-request-vacancy"),
]
