from django.urls import path

from modules.industrial_actions import api

urlpatterns = [
    path("", api.IndustrialActionListApi.as_view(), name="list"),
    path("<int:pk>/", api.IndustrialActionDetailApi.as_view(), name="detail"),
]
