from django.urls import path

from modules.vacancy_surveys import api

urlpatterns = [
    path("", api.RoundListApi.as_view(), name="list"),
    path("<int:pk>/", api.RoundDetailApi.as_view(), name="detail"),
    path("<int:pk>/open/", api.RoundOpenApi.as_view(), name="open"),
    path("<int:pk>/close/", api.RoundCloseApi.as_view(), name="close"),
    path("<int:pk>/reopen/", api.RoundReopenApi.as_view(), name="reopen"),
    path("<int:pk>/sample/", api.RoundSampleApi.as_view(), name="sample"),
    path("<int:pk>/responses/", api.ResponseListApi.as_view(), name="responses"),
    path("responses/<int:pk>/", api.ResponseDetailApi.as_view(), name="response"),
]
