"""Every change to the country's articles goes through here, from the pages and the demo."""

import datetime
from collections.abc import Mapping

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.text import slugify

from clmis.records.locking import record_save
from modules.news.models import Article

SLUG_LENGTH = Article._meta.get_field("slug").max_length


def article_save(
    *, article: Article | None = None, values: Mapping[str, object], version: int | None, by
) -> Article:
    """Write an article or change one. A new one gets its address from its title (kept afterwards, so a
    link to it keeps working) and, without an author, the name of who wrote it."""
    values = {key: value for key, value in values.items() if key not in ("slug", "state", "publish_at")}
    if article is None:
        article = Article(slug=_slug_free(str(values.get("title", ""))))
        if not values.get("author"):
            values["author"] = _name_of(by)
    return record_save(article, values=values, version=version, by=by)


def article_publish(
    *, article: Article, publish_at: datetime.datetime | None = None, version: int | None, by
) -> Article:
    """Publish an article, public from `publish_at` (at once without it): an embargo to the minute."""
    moment = (publish_at or timezone.now()).replace(second=0, microsecond=0)
    values = {"state": Article.State.PUBLISHED, "publish_at": moment}
    return record_save(article, values=values, version=version, by=by)


def article_unpublish(*, article: Article, version: int | None, by) -> Article:
    """Take an article back to draft: it leaves the public pages at once."""
    return record_save(
        article, values={"state": Article.State.DRAFT, "publish_at": None}, version=version, by=by
    )


def _slug_free(title: str) -> str:
    base = slugify(title)[: SLUG_LENGTH - 6].strip("-") or "article"
    taken = set(Article.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _name_of(by) -> str:
    if by is None or isinstance(by, AnonymousUser) or not hasattr(by, "get_full_name"):
        return ""
    return by.get_full_name() or by.get_username()
