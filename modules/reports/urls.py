from django.urls import path

from modules.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("<slug:key>/", views.report_show, name="show"),
]
