from django.urls import path

from tenants import views

app_name = "countries"

urlpatterns = [
    path("", views.country_list, name="list"),
    path("new/", views.country_create, name="create"),
    path("<str:code>/", views.country_detail, name="detail"),
    path("<str:code>/modules/", views.country_modules_change, name="modules"),
]
