from django.urls import path

from modules.indicators import public_views as views

app_name = "lmi"

urlpatterns = [
    path("", views.public_home, name="home"),
    path("about/", views.public_about, name="about"),
    path("calendar/", views.public_calendar, name="calendar"),
    path("<str:code>/", views.public_indicator, name="indicator"),
    path("<str:code>/download.csv", views.public_download, {"extension": "csv"}, name="download"),
    path("<str:code>/download.xlsx", views.public_download, {"extension": "xlsx"}, name="download-xlsx"),
]
