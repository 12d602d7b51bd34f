from django.urls import path

from modules.custom_fields import api

app_name = "custom_fields_api"

urlpatterns = [
    path("", api.CustomFieldListApi.as_view(), name="list"),
    path("<int:pk>/", api.CustomFieldDetailApi.as_view(), name="detail"),
]
