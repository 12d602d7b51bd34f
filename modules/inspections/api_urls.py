from django.urls import path

from modules.inspections import api

urlpatterns = [
    path("", api.InspectionListApi.as_view(), name="list"),
    path("<int:pk>/", api.InspectionDetailApi.as_view(), name="detail"),
    path("<int:pk>/follow-up/", api.FollowUpApi.as_view(), name="follow-up"),
    path("<int:pk>/checklist/", api.ChecklistApi.as_view(), name="checklist"),
    path("<int:pk>/violations/", api.ViolationListApi.as_view(), name="violations"),
    path("<int:pk>/notices/", api.NoticeListApi.as_view(), name="notices"),
    path("<int:pk>/penalties/", api.PenaltyListApi.as_view(), name="penalties"),
    path("violations/<int:pk>/", api.ViolationDetailApi.as_view(), name="violation"),
    path("notices/<int:pk>/", api.NoticeDetailApi.as_view(), name="notice"),
    path("penalties/<int:pk>/", api.PenaltyDetailApi.as_view(), name="penalty"),
]
