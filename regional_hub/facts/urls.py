from django.urls import path

from regional_hub.facts import views

app_name = "facts"

urlpatterns = [
    path("coverage/", views.coverage_matrix, name="coverage"),
    path("comparisons/", views.comparison_view, name="comparison"),
]
