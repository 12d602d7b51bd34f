from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.models import ProviderChange


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


class ProviderChangeNotice(models.Model):
    """A change a service provider made here from the hub's console: what, by whom, for which provider,
    when, and what reverting it needs. The country's LMIS administrators are told of each (in-app, read
    or not per person, and by e-mail) and may revert it; the hub keeps its own record (ProviderChange).

    Written once, by the console; only the revert mark and who has read it change later.
    """

    made_at = models.DateTimeField(_("when"))
    # "hub:priya (Caribbean LMIS Services)": the label the history rows of the change carry too.
    actor = models.CharField(_("by"), max_length=200)
    provider = models.CharField(_("service provider"), max_length=100)
    # The hub's ProviderChange (a number, not a foreign key: no key crosses schemas).
    hub_change = models.BigIntegerField(_("change at the hub"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=ProviderChange.Kind.choices)
    summary = models.CharField(_("what"), max_length=500)
    # What reverting needs (see services.REVERTS); empty for a change that cannot be reverted.
    undo = models.JSONField(_("how to revert"), default=dict, blank=True)
    reverted_at = models.DateTimeField(_("reverted"), null=True, blank=True)
    reverted_by = models.CharField(_("reverted by"), max_length=200, blank=True)
    read_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name=_("read by")
    )

    class Meta:
        ordering = ["-made_at", "-id"]
        verbose_name = _("change by a service provider")
        verbose_name_plural = _("changes by service providers")
        permissions = [("revert_providerchangenotice", _("Can revert a change made by a service provider"))]

    def __str__(self) -> str:
        return f"{self.actor}: {self.summary}"
