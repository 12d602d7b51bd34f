from django.db import models
from django.utils.translation import gettext_lazy as _

from clmis.audit.history import audited


class Classification(models.Model):
    """A code list: an international classification shipped with the platform, or a national table."""

    class Kind(models.TextChoices):
        INTERNATIONAL = "international", _("International (shipped, read-only)")
        NATIONAL = "national", _("National (maintained here)")

    key = models.SlugField(_("key"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.NATIONAL)
    version = models.CharField(_("version"), max_length=40, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    # The harmonised classification the national codes map to (e.g. a national occupation list -> isco08).
    maps_to = models.SlugField(_("maps to"), max_length=40, blank=True)
    # Of the shipped file an international classification was last loaded from: unchanged, no reload.
    checksum = models.CharField(max_length=64, blank=True, editable=False)
    history = audited()

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("code table")
        verbose_name_plural = _("code tables")

    def __str__(self) -> str:
        return self.title

    @property
    def is_national(self) -> bool:
        return self.kind == self.Kind.NATIONAL


class Code(models.Model):
    """One code of a classification, knowing its place in the tree (an ISIC class knows its section)."""

    classification = models.ForeignKey(Classification, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(_("code"), max_length=32)
    title = models.CharField(_("title"), max_length=300)
    level = models.PositiveSmallIntegerField(_("level"), default=1)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    # The codes from the top of the tree down to this one, "C/10/107/1071": ancestors without joins.
    path = models.CharField(max_length=200, editable=False)
    description = models.TextField(_("description"), blank=True)
    # Lower-case title and example occupations/activities: what a search for "nurse" looks in.
    search_text = models.TextField(editable=False, blank=True)
    harmonised_code = models.CharField(_("harmonised code"), max_length=32, blank=True)
    active = models.BooleanField(_("in use"), default=True)
    history = audited(excluded_fields=("search_text",))

    class Meta:
        ordering = ["classification", "path"]
        verbose_name = _("code")
        verbose_name_plural = _("codes")
        constraints = [models.UniqueConstraint(fields=["classification", "code"], name="code_once_per_table")]
        indexes = [models.Index(fields=["classification", "path"], name="code_tree")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def top(self) -> str:
        """The code at the top of the tree (the ISIC section, the ISCO major group)."""
        return self.path.split("/", 1)[0]
