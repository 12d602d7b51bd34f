from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clmis.audit.history import audited
from clmis.records.models import Versioned
from modules.casework.models import Case
from modules.casework.workflow import State, Transition, Workflow
from modules.employers.models import Employer
from modules.reference.models import Code

NOT_NEGATIVE = [MinValueValidator(0, message=_("A number of workers cannot be negative."))]


class Redundancy(Case):
    """An employer's notification that it will make workers redundant: why, when, who is affected."""

    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="redundancies", verbose_name=_("employer")
    )
    notified_on = models.DateField(
        _("notified on"),
        default=timezone.localdate,
        help_text=_("The date the employer notified the Department."),
    )
    effective_on = models.DateField(_("effective on"), help_text=_("When the workers' employment ends."))
    reason = models.ForeignKey(Code, on_delete=models.PROTECT, related_name="+", verbose_name=_("reason"))
    description = models.TextField(_("what the employer says"), blank=True)
    severance_total = models.DecimalField(
        _("severance pay, total"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=_("An amount cannot be negative."))],
        help_text=_("The severance pay due to all the workers affected, as the employer states it."),
    )
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    # The workers of the groups affected, added up by the services whenever a group is saved (no form or
    # serializer writes them): what the lists and reports show without a join, and the history too.
    women_affected = models.PositiveIntegerField(_("women affected"), default=0)
    men_affected = models.PositiveIntegerField(_("men affected"), default=0)
    history = audited()

    type_code = "RED"
    default_pattern = "RED-{seq:04}/{yyyy}"
    workflow = Workflow(
        states=(
            State("notified", _("Notified")),
            State("under_review", _("Under review")),
            State("concluded", _("Concluded"), closed=True),
            State("withdrawn", _("Withdrawn"), closed=True),
        ),
        transitions=(
            Transition(
                "review",
                _("Start the review"),
                ("notified",),
                "under_review",
                "redundancies.change_redundancy",
            ),
            Transition(
                "conclude",
                _("Conclude"),
                ("under_review",),
                "concluded",
                "redundancies.conclude_redundancy",
                required=("concluded_on",),
                optional=("severance_total",),
            ),
            Transition(
                "withdraw",
                _("Record withdrawal"),
                ("notified", "under_review"),
                "withdrawn",
                "redundancies.conclude_redundancy",
            ),
            Transition(
                "reopen",
                _("Reopen"),
                ("concluded", "withdrawn"),
                "under_review",
                "redundancies.conclude_redundancy",
            ),
        ),
        initial="notified",
    )

    class Meta:
        verbose_name = _("redundancy")
        verbose_name_plural = _("redundancies")
        permissions = [
            ("assign_redundancy", _("Can assign redundancies")),
            ("conclude_redundancy", _("Can conclude, withdraw and reopen redundancies")),
            ("export_redundancy", _("Can export redundancies to Excel")),
        ]

    def get_absolute_url(self) -> str:
        return reverse("redundancies:detail", args=[self.pk])

    @property
    def workers_affected(self) -> int:
        return self.women_affected + self.men_affected

    def clean(self) -> None:
        super().clean()
        if self.status != "concluded":  # a reopened review is not concluded (the history keeps the date)
            self.concluded_on = None
        errors = {}
        today = timezone.localdate()
        if self.notified_on and self.notified_on > today:
            errors["notified_on"] = _("A redundancy cannot be notified in the future.")
        elif self.notified_on and self.opened_on and self.notified_on > self.opened_on:
            errors["notified_on"] = _("A redundancy is registered on or after the day it was notified.")
        if self.effective_on and self.notified_on and self.effective_on < self.notified_on:
            errors["effective_on"] = _("Redundancies cannot take effect before they were notified.")
        if self.concluded_on and self.notified_on and self.concluded_on < self.notified_on:
            errors["concluded_on"] = _("A review cannot be concluded before the redundancy was notified.")
        elif self.concluded_on and self.concluded_on > today:
            errors["concluded_on"] = _("The date of conclusion cannot be in the future.")
        if errors:
            raise ValidationError(errors)

    def letter_context(self) -> dict:
        return {
            **super().letter_context(),
            "employer": self.employer.name,
            "employer_address": self.employer.address,
            "notified_on": self.notified_on,
            "effective_on": self.effective_on,
            "reason": self.reason.title,
            "women_affected": self.women_affected,
            "men_affected": self.men_affected,
            "workers_affected": self.workers_affected,
            "groups": [
                {"occupation": group.occupation.title, "women": group.women, "men": group.men}
                for group in self.groups.select_related("occupation")
            ],
        }


class AffectedGroup(Versioned):
    """The workers of one occupation made redundant, by sex."""

    redundancy = models.ForeignKey(Redundancy, on_delete=models.CASCADE, related_name="groups")
    occupation = models.ForeignKey(
        Code, on_delete=models.PROTECT, related_name="+", verbose_name=_("occupation (ISCO)")
    )
    women = models.PositiveIntegerField(_("women"), default=0, validators=NOT_NEGATIVE)
    men = models.PositiveIntegerField(_("men"), default=0, validators=NOT_NEGATIVE)
    history = audited()

    class Meta:
        ordering = ["occupation__code", "id"]
        verbose_name = _("workers affected")
        verbose_name_plural = _("workers affected")
        constraints = [
            models.UniqueConstraint(
                fields=["redundancy", "occupation"],
                name="affected_group_once_per_occupation",
                violation_error_message=_(
                    "This occupation is recorded already for this redundancy: change its numbers instead."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.redundancy} {self.occupation.code}"

    def get_absolute_url(self) -> str:
        return reverse("redundancies:detail", args=[self.redundancy_id])

    @property
    def total(self) -> int:
        return self.women + self.men

    def clean(self) -> None:
        super().clean()
        if (self.women or 0) + (self.men or 0) == 0:
            raise ValidationError(
                _("Give the number of women or men affected in this occupation: at least one of them.")
            )
