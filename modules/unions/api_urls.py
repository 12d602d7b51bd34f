from django.urls import path

from modules.unions import api

urlpatterns = [
    path("", api.UnionListApi.as_view(), name="list"),
    path("<int:pk>/", api.UnionDetailApi.as_view(), name="detail"),
]
