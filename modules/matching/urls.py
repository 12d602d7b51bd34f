from django.urls import path

from modules.matching import views

app_name = "matching"

urlpatterns = [
    path("", views.referral_list, name="list"),
    path("export.xlsx", views.referral_export, name="export"),
    path("new/", views.referral_create, name="create"),
    path("refer/", views.refer, name="refer"),
    path("<int:pk>/", views.referral_detail, name="detail"),
    path("<int:pk>/edit/", views.referral_edit, name="edit"),
    path("<int:pk>/placement/", views.placement_record, name="placement"),
    path("<int:pk>/placement/cancel/", views.placement_cancel, name="placement-cancel"),
    path("vacancies/<int:pk>/", views.vacancy_candidates, name="vacancy-candidates"),
    path("job_seekers/<int:pk>/", views.job_seeker_vacancies, name="job-seeker-vacancies"),
]
