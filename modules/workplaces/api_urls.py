from django.urls import path

from modules.workplaces import api

urlpatterns = [
    path("", api.WorkplaceListApi.as_view(), name="list"),
    path("<int:pk>/", api.WorkplaceDetailApi.as_view(), name="detail"),
]
