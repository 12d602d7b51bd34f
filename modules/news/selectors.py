from django.db.models import QuerySet
from django.utils import timezone

from modules.news.models import Article


def articles_public(now=None) -> QuerySet[Article]:
    """The articles the public may read, newest first: published, their embargo over. Every public page
    reads through this, so a draft or a scheduled article never reaches them."""
    now = now or timezone.now()
    return Article.objects.filter(state=Article.State.PUBLISHED, publish_at__lte=now).order_by(
        "-publish_at", "-pk"
    )


def articles_latest(count: int = 3) -> list[Article]:
    """The few latest articles, for the public home page."""
    return list(articles_public().only("title", "slug", "summary", "kind", "publish_at")[:count])
