from django.urls import path

from clmis.help import views

app_name = "help"
urlpatterns = [
    path("", views.help_index, name="index"),
    path("<slug:key>/", views.help_guide, name="guide"),
]
