from django.urls import path

from modules.matching import api

urlpatterns = [
    path("", api.ReferralListApi.as_view(), name="list"),
    path("<int:pk>/", api.ReferralDetailApi.as_view(), name="detail"),
    path("<int:pk>/placement/", api.PlacementApi.as_view(), name="placement"),
    path("<int:pk>/placement/cancel/", api.PlacementCancelApi.as_view(), name="placement-cancel"),
    path("vacancies/<int:pk>/candidates/", api.VacancyCandidatesApi.as_view(), name="vacancy-candidates"),
    path("job_seekers/<int:pk>/vacancies/", api.JobSeekerVacanciesApi.as_view(), name="job-seeker-vacancies"),
]
