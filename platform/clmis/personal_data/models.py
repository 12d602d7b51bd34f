"""What a country did to the personal data it holds: erasures, and how long it keeps closed cases'."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from clmis.audit.history import audited
from clmis.records.models import Versioned


class Erasure(models.Model):
    """A case record whose personal fields were pseudonymised: on a person's request or by a retention
    rule. It names the record, never the person, and marks it so retention does not erase it twice.

    The app's permissions hang here (Django's permissions need a model): seeing personal fields at all,
    and answering a person's requests about their data.
    """

    class Reason(models.TextChoices):
        REQUEST = "request", _("the person's request")
        RETENTION = "retention", _("the retention rule")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.CharField(_("by"), max_length=200)
    case_type = models.CharField(_("records"), max_length=64)
    record_id = models.BigIntegerField(_("record id"))
    reference = models.CharField(_("reference number"), max_length=40)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    request_reference = models.CharField(
        _("reference of the request"),
        max_length=100,
        blank=True,
        help_text=_("The letter, e-mail or form by which the person asked, as filed."),
    )

    class Meta:
        ordering = ["-at", "-id"]
        default_permissions = ("view",)
        permissions = [
            (
                "see_personal_data",
                _("Can see personal data: names, national insurance numbers, dates of birth, contacts"),
            ),
            (
                "answer_personal_data_request",
                _("Can give a person a copy of their data and erase it on their request"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["case_type", "record_id"], name="erasure_once_a_record"),
        ]
        verbose_name = _("erasure of personal data")
        verbose_name_plural = _("erasures of personal data")

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_reason_display()})"


class RetentionRule(Versioned):
    """How long a country keeps the personal data of a kind of case after it was closed: past that,
    the case is kept for the statistics with its personal fields pseudonymised."""

    case_type = models.CharField(_("records"), max_length=64, unique=True)
    years = models.PositiveSmallIntegerField(
        _("years after closing"),
        validators=[
            MinValueValidator(1, message=_("Keep personal data at least a year after a case is closed.")),
            MaxValueValidator(100, message=_("A retention period is at most 100 years.")),
        ],
        help_text=_("Personal data of cases closed longer ago than this is erased every night."),
    )
    history = audited()

    class Meta:
        ordering = ["case_type"]
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")

    def __str__(self) -> str:
        return f"{self.case_type}: {self.years}"
