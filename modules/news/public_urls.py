from django.urls import path

from modules.news import public_views as views

app_name = "lmi-news"

urlpatterns = [
    path("", views.public_news, name="list"),
    path("<slug:slug>/", views.public_article, name="article"),
]
