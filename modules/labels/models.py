from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clmis.audit.history import audited
from clmis.records.models import Versioned


class Label(Versioned):
    """A country's own wording, in one language, of a form field's label and help text or of a menu
    entry, in place of the platform's (the words a Department uses: "grievance" for "complaint").

    `target` names what is relabelled: "<app_label>.<model>.<form field>" for a field of a record's
    forms (custom fields as custom_<key>), "menu:<url name>" for a menu entry (see targets)."""

    target = models.CharField(_("what"), max_length=150)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    text = models.CharField(_("label"), max_length=200)
    help_text = models.CharField(_("help text"), max_length=500, blank=True)
    history = audited()

    class Meta:
        ordering = ["target", "language"]
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        constraints = [
            models.UniqueConstraint(
                fields=["target", "language"],
                name="label_once_per_language",
                violation_error_message=_(
                    "This has its own wording in this language already; change that one."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.target} ({self.language}): {self.text}"

    def get_absolute_url(self) -> str:
        return reverse("labels:detail", args=[self.pk])
