from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clmis.audit.history import audited
from clmis.records.models import Versioned
from modules.news.markup import markup_html


class Article(Versioned):
    """A piece of news or analysis by the LMIS team, public from `publish_at` once published: an
    embargo to the minute, like the indicator values it often comments on."""

    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        ANALYSIS = "analysis", _("Analysis")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    # Made from the title when the article is added and kept after, so its public address never changes.
    slug = models.SlugField(_("address"), max_length=80, unique=True, editable=False)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("text"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.NEWS)
    state = models.CharField(
        _("state"), max_length=9, choices=State.choices, default=State.DRAFT, editable=False
    )
    publish_at = models.DateTimeField(_("public from"), null=True, blank=True, editable=False)
    author = models.CharField(_("author"), max_length=120, blank=True)
    history = audited()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [("publish_article", _("Can publish articles and take them back to draft"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state="draft") | models.Q(publish_at__isnull=False),
                name="article_published_has_date",
                violation_error_message=_("A published article needs the moment it is public from."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:detail", args=[self.pk])

    @property
    def status(self) -> str:
        """What the public sees of it: nothing yet (a draft, or scheduled), or the article."""
        if self.state == self.State.DRAFT:
            return _("Draft")
        return _("Published") if self.is_public else _("Scheduled")

    @property
    def is_public(self) -> bool:
        return self.state == self.State.PUBLISHED and self.publish_at <= timezone.now()

    @property
    def body_html(self):
        return markup_html(self.body)
