from django.urls import path

from modules.accidents import api

urlpatterns = [
    path("", api.AccidentListApi.as_view(), name="list"),
    path("<int:pk>/", api.AccidentDetailApi.as_view(), name="detail"),
    path("<int:pk>/medical-reports/", api.MedicalReportListApi.as_view(), name="medical-reports"),
    path("medical-reports/<int:pk>/", api.MedicalReportDetailApi.as_view(), name="medical-report"),
]
