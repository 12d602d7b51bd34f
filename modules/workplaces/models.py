from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clmis.audit.history import audited
from clmis.records.models import Customisable, Versioned
from modules.employers.models import Employer
from modules.reference.models import Code


class Workplace(Versioned, Customisable):
    """A site where an employer's people work: the head office, a hotel, a branch, a construction site."""

    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="workplaces", verbose_name=_("employer")
    )
    name = models.CharField(_("name"), max_length=200)
    isic = models.ForeignKey(
        Code,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("economic activity (ISIC)"),
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    city = models.CharField(_("town or village"), max_length=100, blank=True)
    district = models.ForeignKey(
        Code, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("district")
    )
    workers_women = models.PositiveIntegerField(_("women workers"), default=0)
    workers_men = models.PositiveIntegerField(_("men workers"), default=0)
    workers_as_of = models.DateField(_("workers as of"), null=True, blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    active = models.BooleanField(_("in operation"), default=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = audited()

    class Meta:
        ordering = ["name"]
        verbose_name = _("workplace")
        verbose_name_plural = _("workplaces")
        permissions = [("export_workplace", _("Can export workplaces to Excel"))]
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "name"],
                name="workplace_name_once_per_employer",
                violation_error_message=_("This employer already has a workplace with this name."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.employer})"

    def get_absolute_url(self) -> str:
        return reverse("workplaces:detail", args=[self.pk])

    @property
    def workers_total(self) -> int:
        return self.workers_women + self.workers_men
