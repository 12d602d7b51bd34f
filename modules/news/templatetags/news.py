from django import template

from modules.news.selectors import articles_latest

register = template.Library()


@register.inclusion_tag("news/public/_latest.html")
def news_latest(count: int = 3) -> dict:
    """The latest published articles, for another app's public page (the figures' home)."""
    return {"articles": articles_latest(count)}
