from django.urls import path

from modules.casework import api

app_name = "cases_api"

urlpatterns = [
    path("<int:pk>/transitions/", api.CaseTransitionApi.as_view(), name="transition"),
    path("<int:pk>/assign/", api.CaseAssignApi.as_view(), name="assign"),
    path("<int:pk>/events/", api.CaseEventsApi.as_view(), name="events"),
    path("<int:pk>/documents/", api.CaseDocumentsApi.as_view(), name="documents"),
    path("<int:pk>/letters/", api.CaseLettersApi.as_view(), name="letters"),
]
