from django.urls import path

from modules.complaints import api

urlpatterns = [
    path("", api.ComplaintListApi.as_view(), name="list"),
    path("<int:pk>/", api.ComplaintDetailApi.as_view(), name="detail"),
    path("<int:pk>/hearings/", api.HearingListApi.as_view(), name="hearings"),
    path("hearings/<int:pk>/", api.HearingDetailApi.as_view(), name="hearing"),
]
