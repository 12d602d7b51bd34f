from django.urls import path

from clmis_training import api

urlpatterns = [
    path("", api.ProgrammeListApi.as_view(), name="list"),
    path("<int:pk>/", api.ProgrammeDetailApi.as_view(), name="detail"),
    path("<int:pk>/trainees/", api.TraineeListApi.as_view(), name="trainees"),
    path("trainees/<int:pk>/", api.TraineeDetailApi.as_view(), name="trainee"),
]
