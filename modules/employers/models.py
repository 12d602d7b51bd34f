from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clmis.audit.history import audited
from clmis.records.models import Customisable, Versioned
from modules.reference.models import Code


class SizeBand(models.TextChoices):
    MICRO = "1-9", _("1–9 workers")
    SMALL = "10-49", _("10–49 workers")
    MEDIUM = "50-249", _("50–249 workers")
    LARGE = "250+", _("250 or more workers")


class Employer(Versioned, Customisable):
    name = models.CharField(_("name"), max_length=200)
    registration_number = models.CharField(_("registration number"), max_length=50, blank=True)
    nis_number = models.CharField(_("national insurance number"), max_length=50, blank=True)
    isic = models.ForeignKey(
        Code,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("economic activity (ISIC)"),
    )
    size_band = models.CharField(_("size"), max_length=8, choices=SizeBand.choices, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    city = models.CharField(_("town or village"), max_length=100, blank=True)
    district = models.ForeignKey(
        Code, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("district")
    )
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    active = models.BooleanField(_("in business"), default=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    history = audited()

    class Meta:
        ordering = ["name"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        permissions = [("export_employer", _("Can export employers to Excel"))]
        constraints = [
            models.UniqueConstraint(
                fields=["registration_number"],
                condition=~Q(registration_number=""),
                name="employer_registration_once",
                violation_error_message=_("Another employer is registered with this registration number."),
            ),
            models.UniqueConstraint(
                fields=["nis_number"],
                condition=~Q(nis_number=""),
                name="employer_nis_once",
                violation_error_message=_(
                    "Another employer is registered with this national insurance number."
                ),
            ),
        ]
        indexes = [models.Index(fields=["name"], name="employer_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("employers:detail", args=[self.pk])

    @property
    def address(self) -> str:
        """Street, town and district as far as they are known."""
        parts = (self.street, self.city, self.district.title if self.district else "")
        return ", ".join(part for part in parts if part)


class Representative(Versioned):
    """A person who speaks for an employer before the Department (owner, manager, HR officer...)."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="representatives")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=100, blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    history = audited()

    class Meta:
        ordering = ["name"]
        verbose_name = _("employer representative")
        verbose_name_plural = _("employer representatives")

    def __str__(self) -> str:
        return f"{self.name} ({self.employer})"

    def get_absolute_url(self) -> str:
        return reverse("employers:representative-edit", args=[self.pk])
