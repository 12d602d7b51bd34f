from django.urls import path

from modules.news import views

app_name = "news"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("new/", views.article_create, name="create"),
    path("<int:pk>/", views.article_detail, name="detail"),
    path("<int:pk>/edit/", views.article_edit, name="edit"),
    path("<int:pk>/publish/", views.article_publish_view, name="publish"),
    path("<int:pk>/draft/", views.article_unpublish_view, name="unpublish"),
]
