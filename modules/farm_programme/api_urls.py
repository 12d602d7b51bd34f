from django.urls import path

from modules.farm_programme import api

urlpatterns = [
    path("", api.FarmWorkerListApi.as_view(), name="list"),
    path("<int:pk>/", api.FarmWorkerDetailApi.as_view(), name="detail"),
    path("<int:pk>/follow-ups/", api.FollowUpListApi.as_view(), name="follow-ups"),
    path("follow-ups/<int:pk>/", api.FollowUpDetailApi.as_view(), name="follow-up"),
    path("rounds/", api.RoundListApi.as_view(), name="rounds"),
    path("rounds/<int:pk>/", api.RoundDetailApi.as_view(), name="round"),
]
