from django.urls import path

from modules.reference.api import ClassificationListApi, CodeListApi

app_name = "reference_api"

urlpatterns = [
    path("", ClassificationListApi.as_view(), name="tables"),
    path("<slug:key>/codes/", CodeListApi.as_view(), name="codes"),
]
