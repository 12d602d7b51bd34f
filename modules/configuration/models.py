from django.db import models
from django.utils.translation import gettext_lazy as _


class ConfigurationImport(models.Model):
    """A configuration file applied to this country: from where, by whom, and every change it made
    (each change is also in the history of what it changed). Written once; never edited."""

    applied_at = models.DateTimeField(_("applied"), auto_now_add=True)
    actor = models.CharField(_("by"), max_length=200)
    source = models.CharField(_("exported from"), max_length=8, blank=True)
    exported_at = models.CharField(_("exported"), max_length=40, blank=True)
    release = models.CharField(_("platform release"), max_length=20)
    checksum = models.CharField(_("file checksum (SHA-256)"), max_length=64)
    changes = models.JSONField(_("changes"), default=list)

    class Meta:
        ordering = ["-applied_at", "-id"]
        verbose_name = _("configuration import")
        verbose_name_plural = _("configuration imports")

    def __str__(self) -> str:
        return f"{self.source or '?'} → {self.applied_at:%Y-%m-%d %H:%M}"
