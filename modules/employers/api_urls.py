from django.urls import path

from modules.employers import api

urlpatterns = [
    path("", api.EmployerListApi.as_view(), name="list"),
    path("<int:pk>/", api.EmployerDetailApi.as_view(), name="detail"),
    path("<int:pk>/representatives/", api.RepresentativeListApi.as_view(), name="representatives"),
    path("representatives/<int:pk>/", api.RepresentativeDetailApi.as_view(), name="representative"),
]
