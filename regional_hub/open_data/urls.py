from django.urls import path

from regional_hub.open_data import api

urlpatterns = [
    path("indicators/", api.OpenIndicatorListApi.as_view(), name="api-open-indicators"),
    path("countries/", api.OpenCountryListApi.as_view(), name="api-open-countries"),
    path("values/", api.OpenValueListApi.as_view(), name="api-open-values"),
]
