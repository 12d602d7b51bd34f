"""The country's public news pages: no sign-in, published articles only, their embargo over.

Not cached, unlike the figures: an article taken back to draft leaves the public pages at once.
"""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from modules.news.selectors import articles_public

PAGE_SIZE = 10


def public_news(request: HttpRequest) -> HttpResponse:
    page = Paginator(articles_public(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "news/public/list.html", {"page": page})


def public_article(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(articles_public(), slug=slug)
    return render(request, "news/public/article.html", {"article": article})
