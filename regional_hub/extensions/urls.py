from django.urls import path

from regional_hub.extensions import views

app_name = "extensions"

urlpatterns = [
    path("", views.extension_list, name="list"),
    path("<int:pk>/", views.extension_detail, name="detail"),
    path("<int:pk>/review/", views.extension_review, name="review"),
    path("<int:pk>/check/", views.extension_check, name="check"),
    path("<int:pk>/accept/", views.extension_accept_view, name="accept"),
    path("<int:pk>/return/", views.extension_return_view, name="return"),
]
