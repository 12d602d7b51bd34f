from django.urls import path

from regional_hub.data_requests import views

app_name = "data_requests"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.request_create, name="create"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/close/", views.request_close, name="close"),
]
