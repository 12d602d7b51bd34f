"""Extensions: modules a country wrote, submitted to the hub as an installed package at a version,
reviewed against a checklist and accepted into a release (or returned with reasons). Public schema:
the hub reviews, the contributing country reads its own submissions; once one is accepted any country
may enable the module."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clmis.audit.history import audited
from regional_hub.releases.models import Release
from tenants.models import Country


class Extension(models.Model):
    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned")

    OPEN = (State.SUBMITTED, State.UNDER_REVIEW)

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="extensions", verbose_name=_("contributed by")
    )
    # Read from the installed package when submitted, never typed: the manifest's key and title.
    module = models.CharField(_("module"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    distribution = models.CharField(_("package"), max_length=100)
    version = models.CharField(_("version"), max_length=40)
    source_url = models.URLField(_("source repository"), max_length=300)
    source_ref = models.CharField(_("tag or commit"), max_length=100)
    licence = models.CharField(_("licence (SPDX)"), max_length=60)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    description = models.TextField(_("description"))
    # The manifest's range of platform releases, such as ">=2026.1,<2028".
    platform = models.CharField(_("platform releases"), max_length=60)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.SUBMITTED)
    release = models.ForeignKey(
        Release,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="extensions",
        verbose_name=_("accepted into release"),
    )
    reasons = models.TextField(_("reasons for returning it"), blank=True)
    submitted_by = models.CharField(_("submitted by"), max_length=200)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    reviewer = models.CharField(_("reviewer"), max_length=200, blank=True)
    decided_by = models.CharField(_("decided by"), max_length=200, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    history = audited()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        permissions = [
            ("submit_extension", _("Can submit an extension to the hub")),
            ("review_extension", _("Can review, accept and return extensions")),
        ]
        constraints = [
            # A version is reviewed once: what was returned comes back as a new version.
            models.UniqueConstraint(
                fields=["distribution", "version"],
                name="extension_version_once",
                violation_error_message=_("This version of the package has already been submitted."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.distribution} {self.version}"

    def get_absolute_url(self) -> str:
        return reverse("extensions:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN


class ExtensionCheck(models.Model):
    """One item of the review's checklist: what the hub computed from the installed package, and what
    the reviewer found (confirming it, overriding it with reasons, or deciding what cannot be computed)."""

    class Item(models.TextChoices):
        MANIFEST = "manifest", _("Manifest valid")
        PLATFORM = "platform", _("Compatible platform range")
        MIGRATIONS = "migrations", _("Migrations reversible")
        TESTS = "tests", _("Tests pass")
        TRANSLATIONS = "translations", _("Translations present")
        ISOLATION = "isolation", _("No access outside its own tables")
        LICENCE = "licence", _("Licence compatible")

    class Outcome(models.TextChoices):
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")

    extension = models.ForeignKey(
        Extension, on_delete=models.CASCADE, related_name="checks", verbose_name=_("extension")
    )
    item = models.CharField(_("item"), max_length=12, choices=Item.choices)
    # Empty where the hub cannot compute it: the reviewer decides.
    computed = models.CharField(_("computed"), max_length=6, choices=Outcome.choices, blank=True)
    computed_findings = models.TextField(_("what the hub found"), blank=True)
    verdict = models.CharField(_("reviewer's verdict"), max_length=6, choices=Outcome.choices, blank=True)
    findings = models.TextField(_("reviewer's findings"), blank=True)
    reviewed_by = models.CharField(_("reviewed by"), max_length=200, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    history = audited()

    class Meta:
        ordering = ["extension", "id"]
        verbose_name = _("check of an extension")
        verbose_name_plural = _("checks of extensions")
        constraints = [models.UniqueConstraint(fields=["extension", "item"], name="extension_check_once")]

    def __str__(self) -> str:
        return f"{self.extension}: {self.item}"

    @property
    def outcome(self) -> str:
        """The reviewer's verdict where given, otherwise what was computed ("" for undecided)."""
        return self.verdict or self.computed
