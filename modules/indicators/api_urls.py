from django.urls import path

from modules.indicators import api

app_name = "indicators_api"

urlpatterns = [
    path("", api.IndicatorListApi.as_view(), name="list"),
    path("<int:pk>/", api.IndicatorDetailApi.as_view(), name="detail"),
    path("<int:pk>/values/", api.IndicatorValuesApi.as_view(), name="values"),
    path("agencies/", api.AgencyListApi.as_view(), name="agency-list"),
    path("agencies/<int:pk>/", api.AgencyDetailApi.as_view(), name="agency-detail"),
]
