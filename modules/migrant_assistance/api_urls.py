from django.urls import path

from modules.migrant_assistance import api

urlpatterns = [
    path("", api.AssistanceRequestListApi.as_view(), name="list"),
    path("<int:pk>/", api.AssistanceRequestDetailApi.as_view(), name="detail"),
    path("<int:pk>/actions/", api.AssistanceActionListApi.as_view(), name="actions"),
    path("actions/<int:pk>/", api.AssistanceActionDetailApi.as_view(), name="action"),
]
