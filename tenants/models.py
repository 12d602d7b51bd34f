import datetime
import zoneinfo

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

from clmis import RELEASE
from clmis.audit.history import audited
from clmis.records.models import Versioned


class CountryQuerySet(models.QuerySet):
    def served_here(self) -> "CountryQuerySet":
        """The countries this code may work in: not closed for an upgrade, their schema at its release."""
        return self.exclude(status=Country.Status.MAINTENANCE).filter(
            models.Q(release="") | models.Q(release=RELEASE)
        )


class Country(TenantMixin):
    """A member state's Department of Labour: one PostgreSQL schema named by its ISO 3166 alpha-2 code.

    Rows are created only by tenants.services.country_create, which clones the template schema in the
    same transaction, so a Country row never exists without a complete schema.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        MAINTENANCE = "maintenance", _("In maintenance")
        SUSPENDED = "suspended", _("Suspended")

    name = models.CharField(_("name"), max_length=100)
    iso3 = models.CharField(_("ISO 3166 alpha-3 code"), max_length=3, unique=True)
    default_language = models.CharField(
        _("default language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    release = models.CharField(_("platform release applied"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = audited()

    objects = CountryQuerySet.as_manager()

    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(schema_name__regex=r"^[a-z]{2}$"), name="country_code_is_alpha2"
            ),
            models.CheckConstraint(condition=models.Q(iso3__regex=r"^[A-Z]{3}$"), name="country_iso3_format"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def code(self) -> str:
        return self.schema_name

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def on_running_release(self) -> bool:
        """Whether its schema is at the release of the code running here. During a staged rollout the
        previous release's processes serve the countries not yet upgraded; this code must not."""
        return not self.release or self.release == RELEASE

    @property
    def is_upgrading(self) -> bool:
        return self.status == self.Status.MAINTENANCE or not self.on_running_release

    def zoneinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def host(self) -> str:
        """The country's address under the base domain (it may have custom domains too)."""
        return f"{self.schema_name}.{settings.BASE_DOMAIN}"

    def url(self, path: str = "/") -> str:
        """A full address on the country's site, for what is read away from it (an e-mail)."""
        port = f":{settings.LINK_PORT}" if settings.LINK_PORT else ""
        return f"{settings.LINK_SCHEME}://{self.host()}{port}{path}"


class Domain(DomainMixin):
    """A custom domain a country brings (its <code>.<base domain> address needs no row)."""

    history = audited()

    class Meta:
        ordering = ["domain"]
        verbose_name = _("custom domain")
        verbose_name_plural = _("custom domains")

    def __str__(self) -> str:
        return self.domain


class ModuleEnablement(models.Model):
    """A module enabled in a country; without a row the module is disabled there.

    Kept in the public schema so the hub can list where each module is enabled without reading any
    country's schema, and so routing can carry a country's modules with its route.
    """

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="module_enablements")
    module = models.CharField(_("module"), max_length=64)
    enabled_at = models.DateTimeField(_("enabled"), auto_now_add=True)
    # "kn:lmisadmin", "hub:provider", "system": users of different schemas can enable a module.
    enabled_by = models.CharField(_("enabled by"), max_length=200)
    history = audited()

    class Meta:
        ordering = ["country", "module"]
        verbose_name = _("enabled module")
        verbose_name_plural = _("enabled modules")
        constraints = [models.UniqueConstraint(fields=["country", "module"], name="module_enabled_once")]
        permissions = [("manage_modules", _("Can enable and disable the modules of a country"))]

    def __str__(self) -> str:
        return f"{self.module} @ {self.country_id}"


class ServiceProviderQuerySet(models.QuerySet):
    def accredited(self, on: datetime.date) -> "ServiceProviderQuerySet":
        return self.filter(accredited_from__lte=on).filter(
            models.Q(accredited_until__isnull=True) | models.Q(accredited_until__gte=on)
        )


class ServiceProvider(Versioned):
    """A company the hub accredits to configure the countries it is assigned to (ARCHITECTURE §2).

    It counts only while accredited (from `accredited_from` to `accredited_until`, both included): its
    staff reach no country outside that period, whatever their assignments say.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    registration_number = models.CharField(
        _("registration or accreditation number"), max_length=50, unique=True
    )
    email = models.EmailField(_("contact e-mail"))
    accredited_from = models.DateField(_("accredited from"))
    accredited_until = models.DateField(
        _("accredited until"),
        null=True,
        blank=True,
        help_text=_("The last day of the accreditation; empty while it has no end."),
    )
    notes = models.TextField(_("notes"), blank=True)
    history = audited()

    objects = ServiceProviderQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("service provider")
        verbose_name_plural = _("service providers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(accredited_until__isnull=True)
                | models.Q(accredited_until__gte=models.F("accredited_from")),
                name="provider_accreditation_ends_after_it_starts",
                violation_error_message=_("The accreditation cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("providers:detail", args=[self.pk])

    def is_accredited(self, on: datetime.date) -> bool:
        return self.accredited_from <= on and (self.accredited_until is None or on <= self.accredited_until)


class ProviderAssignmentQuerySet(models.QuerySet):
    def current(self, on: datetime.date) -> "ProviderAssignmentQuerySet":
        return self.filter(since__lte=on).filter(models.Q(until__isnull=True) | models.Q(until__gt=on))


class ProviderAssignment(models.Model):
    """A country assigned to a service provider: its staff configure it from the hub's console while the
    assignment is current (from `since`, up to the day before `until`) and the provider accredited."""

    provider = models.ForeignKey(
        ServiceProvider, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("provider")
    )
    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="provider_assignments", verbose_name=_("country")
    )
    since = models.DateField(_("since"))
    # The first day it no longer counts, so ending an assignment today takes effect at once.
    until = models.DateField(
        _("until"), null=True, blank=True, help_text=_("The first day the assignment no longer counts.")
    )
    # A hub user's label ("hub:hubadmin"), like ModuleEnablement.enabled_by.
    assigned_by = models.CharField(_("assigned by"), max_length=200)
    history = audited()

    objects = ProviderAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["country__name", "-since"]
        verbose_name = _("country assignment")
        verbose_name_plural = _("country assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "country"],
                condition=models.Q(until__isnull=True),
                name="provider_assigned_once",
                violation_error_message=_("The provider is already assigned to this country."),
            ),
            models.CheckConstraint(
                condition=models.Q(until__isnull=True) | models.Q(until__gte=models.F("since")),
                name="provider_assignment_ends_after_it_starts",
                violation_error_message=_("An assignment cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} @ {self.country_id}"

    def is_current(self, on: datetime.date) -> bool:
        return self.since <= on and (self.until is None or on < self.until)


class ProviderStaff(models.Model):
    """A hub user (role service provider) working for one provider: what they may do at the console
    follows from their provider's accreditation and assignments."""

    provider = models.ForeignKey(
        ServiceProvider, on_delete=models.PROTECT, related_name="staff", verbose_name=_("provider")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="provider_staff",
        verbose_name=_("user"),
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    history = audited()

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("provider staff member")
        verbose_name_plural = _("provider staff")
        permissions = [
            ("use_provider_console", _("Can configure the countries assigned to their provider")),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.provider})"


class ProviderChange(models.Model):
    """The hub's record of a change a provider's staff member made to a country from the console.

    The country keeps its own record (modules.configuration's ProviderChangeNotice), with what reverting
    it needs. Written once, by tenants.providers.console.provider_change_record; only the revert mark
    is added later, by the country.
    """

    class Kind(models.TextChoices):
        MODULE_ENABLED = "module_enabled", _("Module enabled")
        MODULE_DISABLED = "module_disabled", _("Module disabled")
        FIELD_ADDED = "field_added", _("Custom field added")
        FIELD_CHANGED = "field_changed", _("Custom field changed")
        SETTINGS_CHANGED = "settings_changed", _("Country settings changed")
        CONFIGURATION_IMPORTED = "configuration_imported", _("Configuration imported")

    made_at = models.DateTimeField(_("when"))
    provider = models.ForeignKey(
        ServiceProvider, on_delete=models.PROTECT, related_name="changes", verbose_name=_("provider")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("user"),
    )
    actor = models.CharField(_("by"), max_length=200)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="provider_changes", verbose_name=_("country")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    summary = models.CharField(_("what"), max_length=500)
    reverted_at = models.DateTimeField(_("reverted"), null=True, blank=True)
    reverted_by = models.CharField(_("reverted by"), max_length=200, blank=True)

    class Meta:
        ordering = ["-made_at", "-id"]
        verbose_name = _("change by a service provider")
        verbose_name_plural = _("changes by service providers")

    def __str__(self) -> str:
        return f"{self.actor} @ {self.country_id}: {self.summary}"
