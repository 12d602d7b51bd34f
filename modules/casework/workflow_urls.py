from django.urls import path

from modules.casework import workflow_views as views

app_name = "workflows"

urlpatterns = [
    path("", views.workflow_list, name="list"),
    path("<str:case_type>/", views.workflow_detail, name="detail"),
    path("<str:case_type>/states/<int:pk>/remove/", views.extra_state_delete, name="state-remove"),
]
