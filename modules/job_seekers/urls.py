from django.urls import path

from modules.job_seekers import views

app_name = "job_seekers"

urlpatterns = [
    path("", views.job_seeker_list, name="list"),
    path("export.xlsx", views.job_seeker_export, name="export"),
    path("new/", views.job_seeker_create, name="create"),
    path("rules/", views.registration_rules_page, name="rules"),
    path("<int:pk>/", views.job_seeker_detail, name="detail"),
    path("<int:pk>/edit/", views.job_seeker_edit, name="edit"),
    path(
        "<int:pk>/update-from-registration/",
        views.job_seeker_update_from_registration_page,
        name="update-from-registration",
    ),
    path("<int:pk>/merge/", views.job_seeker_merge_page, name="merge"),
    path("<int:pk>/education/new/", views.education_create, name="education-create"),
    path("education/<int:pk>/edit/", views.education_edit, name="education-edit"),
    path("<int:pk>/experience/new/", views.experience_create, name="experience-create"),
    path("experience/<int:pk>/edit/", views.experience_edit, name="experience-edit"),
]
