from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clmis.audit.history import audited
from clmis.records.models import Customisable, Versioned
from modules.reference.models import Code

ISIC_SECTIONS = {"classification__key": "isic4", "level": 1}


class TradeUnion(Versioned, Customisable):
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    registration_number = models.CharField(_("registration number"), max_length=50, blank=True)
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    sectors = models.ManyToManyField(
        Code,
        blank=True,
        related_name="+",
        limit_choices_to=ISIC_SECTIONS,
        verbose_name=_("sectors (ISIC sections)"),
    )
    # History rows hold field values, not many-to-many links: the section letters as saved ("C, I") make
    # a change of sectors readable in the history and in a stale-edit refusal. Written by the service only
    # (in no form); editable, because the history's comparison skips fields that are not.
    sector_letters = models.CharField(_("sectors (ISIC sections)"), max_length=100, blank=True)
    members_women = models.PositiveIntegerField(_("women members"), default=0)
    members_men = models.PositiveIntegerField(_("men members"), default=0)
    membership_as_of = models.DateField(_("membership as of"), null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_position = models.CharField(_("position of the contact person"), max_length=100, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    city = models.CharField(_("town or village"), max_length=100, blank=True)
    district = models.ForeignKey(
        Code, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("district")
    )
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = audited()

    class Meta:
        ordering = ["name"]
        verbose_name = _("trade union")
        verbose_name_plural = _("trade unions")
        permissions = [("export_tradeunion", _("Can export trade unions to Excel"))]
        constraints = [
            models.UniqueConstraint(
                fields=["registration_number"],
                condition=~Q(registration_number=""),
                name="tradeunion_registration_once",
                violation_error_message=_("Another trade union is registered with this registration number."),
            ),
        ]
        indexes = [models.Index(fields=["name"], name="tradeunion_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self) -> str:
        return reverse("unions:detail", args=[self.pk])

    @property
    def members_total(self) -> int:
        return self.members_women + self.members_men
