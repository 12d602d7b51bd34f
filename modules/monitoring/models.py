import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from clmis.audit.history import audited
from clmis.records.models import Versioned
from modules.reference.models import Code

NOT_NEGATIVE = [MinValueValidator(0, message=_("A count cannot be negative."))]
AT_LEAST_ONE = [MinValueValidator(1, message=_("An activity has at least one session."))]


class ActivityStatus(models.TextChoices):
    RECORDED = "recorded", _("Recorded, awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")


class Part(models.TextChoices):
    """Whether the Department ran the activity or its staff took part in someone else's."""

    ORGANISED = "organised", _("Given or organised by the Department")
    ATTENDED = "attended", _("Attended by Department staff")


class Activity(Versioned):
    """One activity of the Department of Labour (Form 1, LMIS monitoring), counted in management reports.

    A register record, not a case: an activity has no reference number, assignment, deadline, documents
    or letters, and only one decision — a supervisor vouches for the figures. So it is a `Versioned`
    record with a two-value `status` (recorded → confirmed, reopened back to recorded) changed by one
    service function per step (`activity_confirm`, `activity_reopen`), each a locked, audited save whose
    history says who confirmed or reopened and why. The case machinery (one case table, numbering,
    timeline, workflow declarations) would add all that an activity does not have, and put every
    activity in the open-cases-and-overdue views where it does not belong.

    The period an activity falls in is `month` (its first day): from the date when it was held on one
    day, given directly for a series over a month or when the day is not known. Reports count by month.
    """

    activity_type = models.ForeignKey(
        Code, on_delete=models.PROTECT, related_name="+", verbose_name=_("type of activity")
    )
    title = models.CharField(_("subject"), max_length=200)
    part = models.CharField(
        _("the Department's part"), max_length=12, choices=Part.choices, default=Part.ORGANISED
    )
    held_on = models.DateField(_("date"), null=True, blank=True)
    month = models.DateField(_("month"))
    district = models.ForeignKey(
        Code, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("district")
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    partner = models.CharField(_("with or for"), max_length=200, blank=True)
    sessions = models.PositiveIntegerField(_("sessions"), default=1, validators=AT_LEAST_ONE)
    participants_women = models.PositiveIntegerField(
        _("women participants"), default=0, validators=NOT_NEGATIVE
    )
    participants_men = models.PositiveIntegerField(_("men participants"), default=0, validators=NOT_NEGATIVE)
    staff_involved = models.PositiveIntegerField(_("staff involved"), default=1, validators=NOT_NEGATIVE)
    description = models.TextField(_("notes"), blank=True)
    # Written by the services only (in no form); editable, because the history's comparison skips fields
    # that are not, and the history must show each confirmation and reopening.
    status = models.CharField(
        _("status"), max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.RECORDED
    )
    recorded_by = models.CharField(_("recorded by"), max_length=200, blank=True)
    confirmed_by = models.CharField(_("confirmed by"), max_length=200, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    reopen_reason = models.CharField(_("reason for reopening"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = audited()

    class Meta:
        ordering = ["-month", "-held_on"]
        verbose_name = _("department activity")
        verbose_name_plural = _("department activities")
        permissions = [
            ("confirm_activity", _("Can confirm and reopen department activities")),
            ("export_activity", _("Can export department activities to Excel")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(sessions__gte=1),
                name="activity_at_least_one_session",
                violation_error_message=_("An activity has at least one session."),
            ),
        ]
        indexes = [
            models.Index(fields=["month"], name="activity_month"),
            models.Index(fields=["status", "month"], name="activity_status_month"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("monitoring:detail", args=[self.pk])

    @property
    def participants_total(self) -> int:
        return self.participants_women + self.participants_men

    @property
    def is_confirmed(self) -> bool:
        return self.status == ActivityStatus.CONFIRMED

    @property
    def when(self) -> str:
        """The date, or the month for an activity without a single date, as people read it."""
        if self.held_on:
            return date_format(self.held_on, "DATE_FORMAT")
        return date_format(self.month, "YEAR_MONTH_FORMAT") if self.month else ""

    @property
    def where(self) -> str:
        """Place and district as far as they are known."""
        return ", ".join(part for part in (self.place, self.district.title if self.district else "") if part)

    def clean(self) -> None:
        super().clean()
        errors = {}
        today = timezone.localdate()
        if self.held_on and self.held_on > today:
            errors["held_on"] = _(
                "The date cannot be in the future: record an activity once it has taken place."
            )
        if self.month:
            self.month = first_of_month(self.month)
            if self.held_on and (self.held_on.year, self.held_on.month) != (
                self.month.year,
                self.month.month,
            ):
                errors["month"] = _("The month must be the month of the date.")
            elif self.month > first_of_month(today):
                errors["month"] = _("The month cannot be in the future.")
        if errors:
            raise ValidationError(errors)


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)
