from django.urls import path

from modules.redundancies import api

urlpatterns = [
    path("", api.RedundancyListApi.as_view(), name="list"),
    path("<int:pk>/", api.RedundancyDetailApi.as_view(), name="detail"),
    path("<int:pk>/groups/", api.AffectedGroupListApi.as_view(), name="groups"),
    path("groups/<int:pk>/", api.AffectedGroupDetailApi.as_view(), name="group"),
]
