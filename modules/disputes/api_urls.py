from django.urls import path

from modules.disputes import api

urlpatterns = [
    path("", api.DisputeListApi.as_view(), name="list"),
    path("<int:pk>/", api.DisputeDetailApi.as_view(), name="detail"),
    path("<int:pk>/meetings/", api.MeetingListApi.as_view(), name="meetings"),
    path("meetings/<int:pk>/", api.MeetingDetailApi.as_view(), name="meeting"),
]
