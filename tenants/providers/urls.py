from django.urls import path

from tenants.providers import views

app_name = "providers"

urlpatterns = [
    path("", views.provider_list, name="list"),
    path("new/", views.provider_create, name="create"),
    path("<int:pk>/", views.provider_detail, name="detail"),
    path("<int:pk>/edit/", views.provider_edit, name="edit"),
    path("<int:pk>/assignments/", views.assignment_create, name="assign"),
    path("<int:pk>/assignments/<int:assignment>/end/", views.assignment_end, name="unassign"),
    path("<int:pk>/staff/", views.staff_add, name="staff-add"),
    path("<int:pk>/staff/<int:staff>/remove/", views.staff_remove, name="staff-remove"),
]
