from django.urls import path

from modules.monitoring import api

urlpatterns = [
    path("", api.ActivityListApi.as_view(), name="list"),
    path("<int:pk>/", api.ActivityDetailApi.as_view(), name="detail"),
    path("<int:pk>/confirm/", api.ActivityConfirmApi.as_view(), name="confirm"),
    path("<int:pk>/reopen/", api.ActivityReopenApi.as_view(), name="reopen"),
]
