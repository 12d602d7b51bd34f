from django.urls import path

from regional_hub.releases import views

app_name = "releases"

urlpatterns = [
    path("", views.release_list, name="list"),
    path("cut/", views.release_cut_view, name="cut"),
    path("rollouts/new/", views.rollout_create, name="rollout-create"),
    path("rollouts/<int:pk>/", views.rollout_detail, name="rollout"),
    path("rollouts/<int:pk>/countries/", views.rollout_add, name="rollout-add"),
    path("rollouts/<int:pk>/resume/", views.rollout_resume, name="rollout-resume"),
    path("rollouts/<int:pk>/cancel/", views.rollout_cancel_view, name="rollout-cancel"),
    path("<str:version>/", views.release_detail, name="detail"),
]
