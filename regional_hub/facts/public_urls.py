from django.urls import path

from regional_hub.facts import public_views as views

app_name = "regional"

urlpatterns = [
    path("", views.regional_home, name="home"),
    path("explore/", views.regional_explorer, name="explore"),
    path("countries/<str:iso3>/", views.regional_country, name="country"),
    path("methodology/", views.regional_methodology, name="methodology"),
    path("methodology/<str:code>/", views.regional_methodology_detail, name="methodology-detail"),
]
