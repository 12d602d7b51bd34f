from django.urls import path

from modules.job_seekers import api

urlpatterns = [
    path("", api.JobSeekerListApi.as_view(), name="list"),
    path("rules/", api.RegistrationRulesApi.as_view(), name="rules"),
    path("<int:pk>/", api.JobSeekerDetailApi.as_view(), name="detail"),
    path("<int:pk>/merge/", api.JobSeekerMergeApi.as_view(), name="merge"),
    path(
        "<int:pk>/update-from-registration/",
        api.UpdateFromRegistrationApi.as_view(),
        name="update-from-registration",
    ),
    path("<int:pk>/education/", api.EducationListApi.as_view(), name="education"),
    path("education/<int:pk>/", api.EducationDetailApi.as_view(), name="education-detail"),
    path("<int:pk>/experience/", api.ExperienceListApi.as_view(), name="experience"),
    path("experience/<int:pk>/", api.ExperienceDetailApi.as_view(), name="experience-detail"),
]
