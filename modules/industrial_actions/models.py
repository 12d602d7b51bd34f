import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clmis.audit.history import audited
from modules.casework.models import Case
from modules.casework.workflow import State, Transition, Workflow
from modules.employers.models import Employer
from modules.reference.models import Code
from modules.unions.models import TradeUnion
from modules.workplaces.models import Workplace


class ActionType(models.TextChoices):
    STRIKE = "strike", _("Strike")
    LOCKOUT = "lockout", _("Lockout")
    GO_SLOW = "go_slow", _("Go-slow")
    SICK_OUT = "sick_out", _("Sick-out")
    OTHER = "other", _("Other action")


class Outcome(models.TextChoices):
    MET = "met", _("Demands met")
    PARTLY = "partly", _("Demands partly met")
    NOT_MET = "not_met", _("Demands not met")
    REFERRED = "referred", _("Referred to conciliation, the tribunal or arbitration")
    RESUMED = "resumed", _("Work resumed without settlement")


OPEN_STATES = ("reported", "ongoing")


def working_days(start: datetime.date, end: datetime.date) -> int:
    """Monday to Friday from start to end, both included."""
    total = (end - start).days + 1
    if total <= 0:
        return 0
    weeks, rest = divmod(total, 7)
    return weeks * 5 + sum(
        1 for offset in range(rest) if (start + datetime.timedelta(days=weeks * 7 + offset)).weekday() < 5
    )


@dataclass(frozen=True)
class DaysSuggested:
    """Days not worked as workers involved times working days (Monday to Friday) the action lasted."""

    days: Decimal
    workers: int
    working_days: int
    # Up to today: the action has not ended yet.
    so_far: bool


class IndustrialAction(Case):
    """A strike, lockout or other action reported to the Department: the data of ILO strike statistics."""

    action_type = models.CharField(_("type of action"), max_length=16, choices=ActionType.choices)
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="industrial_actions", verbose_name=_("employer")
    )
    workplace = models.ForeignKey(
        Workplace,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="industrial_actions",
        verbose_name=_("establishment"),
    )
    isic = models.ForeignKey(
        Code,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("economic activity (ISIC)"),
    )
    union = models.ForeignKey(
        TradeUnion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="industrial_actions",
        verbose_name=_("trade union"),
    )
    notified_by = models.CharField(
        _("notified by"),
        max_length=200,
        blank=True,
        help_text=_(
            "Who notified the Department (name and capacity): the acknowledgment is addressed to them."
        ),
    )
    workers_women = models.PositiveIntegerField(_("women involved"), default=0)
    workers_men = models.PositiveIntegerField(_("men involved"), default=0)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    days_not_worked = models.DecimalField(
        _("days not worked"),
        max_digits=12,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=_("Days not worked cannot be negative."))],
        help_text=_(
            "For each worker involved, the working days lost, added up (120 workers out for 3 working "
            "days: 360). As the parties or the inspection report it; when left empty the action's page "
            "suggests workers × working days."
        ),
    )
    cause = models.ForeignKey(Code, on_delete=models.PROTECT, related_name="+", verbose_name=_("cause"))
    description = models.TextField(_("what happened"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    history = audited()

    type_code = "IA"
    default_pattern = "IA-{seq:04}/{yyyy}"
    workflow = Workflow(
        states=(
            State("reported", _("Reported")),
            State("ongoing", _("Ongoing")),
            State("ended", _("Ended"), closed=True),
            State("withdrawn", _("Withdrawn"), closed=True),
        ),
        transitions=(
            Transition(
                "begin",
                _("Record that it began"),
                ("reported",),
                "ongoing",
                "industrial_actions.change_industrialaction",
            ),
            Transition(
                "end",
                _("Record the end"),
                ("reported", "ongoing"),
                "ended",
                "industrial_actions.close_industrialaction",
                required=("ended_on", "outcome"),
                optional=("days_not_worked",),
            ),
            Transition(
                "withdraw",
                _("Record withdrawal"),
                ("reported",),
                "withdrawn",
                "industrial_actions.close_industrialaction",
            ),
            Transition(
                "reopen",
                _("Reopen"),
                ("ended",),
                "ongoing",
                "industrial_actions.close_industrialaction",
            ),
            Transition(
                "reopen",
                _("Reopen"),
                ("withdrawn",),
                "reported",
                "industrial_actions.close_industrialaction",
            ),
        ),
        initial="reported",
    )

    class Meta:
        verbose_name = _("industrial action")
        verbose_name_plural = _("industrial actions")
        permissions = [
            ("assign_industrialaction", _("Can assign industrial actions")),
            ("close_industrialaction", _("Can close and reopen industrial actions")),
            ("export_industrialaction", _("Can export industrial actions to Excel")),
        ]

    def get_absolute_url(self) -> str:
        return reverse("industrial_actions:detail", args=[self.pk])

    @property
    def workers_total(self) -> int:
        return (self.workers_women or 0) + (self.workers_men or 0)

    @property
    def days_not_worked_suggested(self) -> DaysSuggested | None:
        """Workers involved times working days from start to end (or to today while it goes on); None
        before it started or without workers."""
        today = timezone.localdate()
        if not self.started_on or self.started_on > today or not self.workers_total:
            return None
        end = self.ended_on or today
        days = working_days(self.started_on, end)
        return DaysSuggested(
            days=Decimal(self.workers_total * days).quantize(Decimal("0.1")),
            workers=self.workers_total,
            working_days=days,
            so_far=self.ended_on is None,
        )

    def clean(self) -> None:
        super().clean()
        if self.status in OPEN_STATES:
            self.outcome = ""  # the outcome is recorded when the action ends; a reopened one has none
        errors = {}
        if self.workers_total == 0:
            errors["workers_women"] = _("Give the number of workers involved: at least one woman or man.")
        today = timezone.localdate()
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("An action cannot end before it started.")
        elif self.ended_on and self.ended_on > today:
            errors["ended_on"] = _("The end date cannot be in the future.")
        elif self.status == "ongoing" and self.started_on and self.started_on > today:
            errors[NON_FIELD_ERRORS] = _(
                "The action starts on %(date)s: record that it began on that day or later."
            ) % {"date": self.started_on.isoformat()}
        if self.workplace_id and self.employer_id and self.workplace.employer_id != self.employer_id:
            errors["workplace"] = _("Choose an establishment of this employer.")
        if errors:
            raise ValidationError(errors)

    def letter_context(self) -> dict:
        return {
            **super().letter_context(),
            "action_type": self.get_action_type_display(),
            "employer": self.employer.name,
            "establishment": self.workplace.name if self.workplace_id else "",
            "union": str(self.union) if self.union_id else "",
            "notified_by": self.notified_by,
            "addressee": self.notified_by or (str(self.union) if self.union_id else self.employer.name),
            "workers_women": self.workers_women,
            "workers_men": self.workers_men,
            "workers_total": self.workers_total,
            "started_on": self.started_on,
            "ended_on": self.ended_on,
            "cause": self.cause.title,
            "days_not_worked": self.days_not_worked,
            "outcome": self.get_outcome_display(),
        }
