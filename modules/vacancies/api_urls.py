from django.urls import path

from modules.vacancies import api

urlpatterns = [
    path("", api.VacancyListApi.as_view(), name="list"),
    path("<int:pk>/", api.VacancyDetailApi.as_view(), name="detail"),
    path("work-requests/", api.WorkRequestListApi.as_view(), name="work-requests"),
    path("work-requests/<int:pk>/", api.WorkRequestDetailApi.as_view(), name="work-request"),
]
