from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

from clmis.audit.history import audited


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

    def host(self) -> str:
        """The country's address under the base domain (it may have custom domains too)."""
        return f"{self.schema_name}.{settings.BASE_DOMAIN}"


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
