from django.urls import path

from clmis.accounts import views

app_name = "profile"

urlpatterns = [
    path("", views.profile, name="show"),
    path("api-token/", views.api_token, name="api_token"),
]
