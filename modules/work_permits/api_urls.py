from django.urls import path

from modules.work_permits import api

urlpatterns = [
    path("", api.WorkPermitListApi.as_view(), name="list"),
    path("<int:pk>/", api.WorkPermitDetailApi.as_view(), name="detail"),
]
