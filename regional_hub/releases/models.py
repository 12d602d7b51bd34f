"""The release train (ARCHITECTURE §6): releases the hub cuts from the running code, and rollouts that
upgrade the countries' schemas to one, country by country (public schema only)."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from clmis.audit.history import audited
from tenants.models import Country

VERSION_PATTERN = r"^\d{4}\.\d{1,2}(\.\d{1,3})?$"


def version_key(version: str) -> tuple[int, ...]:
    """A calendar version as numbers, so 2027.10 sorts after 2027.9 and 2027.1.1 after 2027.1."""
    return tuple(int(part) for part in version.split(".")) if version else ()


class Release(models.Model):
    """A release of the platform: what the running code declares (clmis.RELEASE), recorded by the hub
    with its notes. Its modules and migrations are read from the code when it is cut, never typed."""

    class Kind(models.TextChoices):
        MAJOR = "major", _("Biennial major release")
        INTERIM = "interim", _("Interim release")
        PATCH = "patch", _("Patch")

    version = models.CharField(
        _("version"),
        max_length=20,
        unique=True,
        validators=[RegexValidator(VERSION_PATTERN, _("A calendar version such as 2027.1 or 2027.1.2."))],
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    released_on = models.DateField(_("release date"))
    # Language code -> the notes in that language; English is required, the others are optional.
    notes = models.JSONField(_("release notes"), default=dict)
    # [{"key", "title", "version", "contributed_by"}] of every module the code holds.
    modules = models.JSONField(_("modules"), default=list, blank=True)
    # Every migration of the code, "app_label.name", and those of them no earlier release had.
    migrations = models.JSONField(_("migrations of the code"), default=list, blank=True)
    brings = models.JSONField(_("migrations it brings"), default=list, blank=True)
    new_modules = models.JSONField(_("new modules"), default=list, blank=True)
    cut_by = models.CharField(_("cut by"), max_length=200)
    cut_at = models.DateTimeField(_("cut"), auto_now_add=True)
    history = audited()

    class Meta:
        ordering = ["-released_on", "-id"]
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(version__regex=VERSION_PATTERN), name="release_version_format"
            )
        ]

    def __str__(self) -> str:
        return self.version

    def get_absolute_url(self) -> str:
        return reverse("releases:detail", args=[self.version])

    def notes_in(self, language: str | None = None) -> str:
        """The notes in the reader's language, else in English."""
        language = (language or get_language() or "en")[:2]
        return self.notes.get(language) or self.notes.get("en", "")


class Rollout(models.Model):
    """Upgrading chosen countries to a release, in waves and each in its window of local time."""

    class State(models.TextChoices):
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        CANCELLED = "cancelled", _("Cancelled")

    release = models.ForeignKey(
        Release, on_delete=models.PROTECT, related_name="rollouts", verbose_name=_("release")
    )
    workers = models.PositiveSmallIntegerField(
        _("countries upgraded at a time"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(settings.RELEASE_MAX_WORKERS)],
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.RUNNING)
    created_by = models.CharField(_("started by"), max_length=200)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    history = audited()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("rollout")
        verbose_name_plural = _("rollouts")

    def __str__(self) -> str:
        return f"{self.release} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("releases:rollout", args=[self.pk])


class RolloutCountry(models.Model):
    """One country of a rollout: where its upgrade stands. Steps run in Step's order; a failure after
    the backup restores the schema from it."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        RUNNING = "running", _("Upgrading")
        UPGRADED = "upgraded", _("Upgraded")
        FAILED = "failed", _("Failed, restored")
        CANCELLED = "cancelled", _("Cancelled")

    class Step(models.TextChoices):
        MAINTENANCE = "maintenance", _("Maintenance mode")
        BACKUP = "backup", _("Backup")
        MIGRATE = "migrate", _("Migrate")
        SMOKE = "smoke", _("Smoke checks")
        REOPEN = "reopen", _("Reopen")

    ACTIVE = (State.WAITING, State.RUNNING)

    rollout = models.ForeignKey(
        Rollout, on_delete=models.CASCADE, related_name="countries", verbose_name=_("rollout")
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="upgrades", verbose_name=_("country")
    )
    wave = models.PositiveSmallIntegerField(_("wave"), default=1, validators=[MinValueValidator(1)])
    # In the country's own time zone; no window means at any time.
    window_start = models.TimeField(_("window opens (local time)"), null=True, blank=True)
    window_end = models.TimeField(_("window closes (local time)"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.WAITING)
    step = models.CharField(_("step"), max_length=12, choices=Step.choices, blank=True)
    release_before = models.CharField(_("release before"), max_length=20, blank=True)
    status_before = models.CharField(_("status before"), max_length=16, blank=True)
    backup_schema = models.CharField(_("backup schema"), max_length=63, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["wave", "country__name"]
        verbose_name = _("country in a rollout")
        verbose_name_plural = _("countries in rollouts")
        constraints = [
            models.UniqueConstraint(
                fields=["country"],
                condition=models.Q(state__in=["waiting", "running"]),
                name="one_upgrade_at_a_time",
                violation_error_message=_("The country is already being upgraded."),
            ),
            models.CheckConstraint(
                condition=models.Q(window_start__isnull=True, window_end__isnull=True)
                | models.Q(window_start__isnull=False, window_end__isnull=False),
                name="upgrade_window_has_both_ends",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rollout}: {self.country_id} ({self.state})"

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE

    def in_window(self, now: datetime.datetime) -> bool:
        """Whether `now` falls in the country's window, read in its time zone (a window may span
        midnight: 22:00 to 04:00)."""
        if self.window_start is None:
            return True
        local = now.astimezone(self.country.zoneinfo()).time()
        if self.window_start <= self.window_end:
            return self.window_start <= local < self.window_end
        return local >= self.window_start or local < self.window_end


class RolloutEvent(models.Model):
    """The audit of a country's upgrade: each step begun, done or failed, restores and resumptions."""

    class Outcome(models.TextChoices):
        STARTED = "started", _("started")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")
        RESTORED = "restored", _("restored from the backup")
        RESUMED = "resumed", _("taken up again after an interruption")
        REFUSED = "refused", _("refused")

    upgrade = models.ForeignKey(
        RolloutCountry, on_delete=models.CASCADE, related_name="events", verbose_name=_("upgrade")
    )
    step = models.CharField(_("step"), max_length=12, choices=RolloutCountry.Step.choices, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    detail = models.TextField(_("detail"), blank=True)
    worker = models.CharField(_("worker"), max_length=100, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("upgrade event")
        verbose_name_plural = _("upgrade events")

    def __str__(self) -> str:
        return f"{self.upgrade_id} {self.step} {self.outcome}"
