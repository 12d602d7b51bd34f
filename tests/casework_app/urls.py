from django.urls import path

from tests.casework_app import views

app_name = "grievances"

urlpatterns = [path("<int:pk>/", views.detail, name="detail")]
