from django.urls import path

from modules.work_permits import views

app_name = "work_permits"

urlpatterns = [
    path("", views.permit_list, name="list"),
    path("export.xlsx", views.permit_export, name="export"),
    path("new/", views.permit_create, name="create"),
    path("<int:pk>/", views.permit_detail, name="detail"),
    path("<int:pk>/edit/", views.permit_edit, name="edit"),
    path("<int:pk>/renew/", views.permit_renew, name="renew"),
]
