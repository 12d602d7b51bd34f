from django.core.exceptions import ValidationError
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
from modules.unions.models import TradeUnion

ISSUES = {"classification__key": "dispute_issue"}


class Outcome(models.TextChoices):
    SETTLED = "settled", _("Settled")
    PARTLY = "partly", _("Partially settled")
    TRIBUNAL = "tribunal", _("Referred to the tribunal")
    ARBITRATION = "arbitration", _("Referred to arbitration")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Referral(models.TextChoices):
    TRIBUNAL = Outcome.TRIBUNAL.value, _("The tribunal")
    ARBITRATION = Outcome.ARBITRATION.value, _("Arbitration")


# The outcome follows from the closing state; a referred dispute's is where it was referred (chosen when
# referring). An open dispute has none.
OUTCOME_OF_STATE = {"settled": Outcome.SETTLED, "partly": Outcome.PARTLY, "withdrawn": Outcome.WITHDRAWN}
SETTLED_STATES = ("settled", "partly")


class Dispute(Case):
    """A labour dispute reported to the Department: an employer and a union (or a group of workers)."""

    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="disputes", verbose_name=_("employer")
    )
    union = models.ForeignKey(
        TradeUnion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disputes",
        verbose_name=_("trade union"),
    )
    workers_description = models.CharField(
        _("group of workers"),
        max_length=300,
        blank=True,
        help_text=_("Who the workers are when no union represents them, e.g. “kitchen staff of the hotel”."),
    )
    workers_involved = models.PositiveIntegerField(
        _("workers involved"),
        null=True,
        blank=True,
        help_text=_("How many workers the dispute concerns (needed when no union represents them)."),
    )
    issues = models.ManyToManyField(
        Code, blank=True, related_name="+", limit_choices_to=ISSUES, verbose_name=_("issues in dispute")
    )
    # History rows hold field values, not many-to-many links: the issue codes as saved ("DISMISSAL, WAGES")
    # make a change of issues readable in the history and in a stale-edit refusal. Written by the service.
    issue_codes = models.CharField(_("issues in dispute"), max_length=300, blank=True)
    description = models.TextField(_("what the dispute is about"), blank=True)
    reported_on = models.DateField(
        _("reported on"),
        default=timezone.localdate,
        help_text=_("The date a party reported the dispute to the Department."),
    )
    next_meeting_on = models.DateField(_("next meeting on"), null=True, blank=True)
    next_meeting_place = models.CharField(_("place of the next meeting"), max_length=200, blank=True)
    referral = models.CharField(_("referred to"), max_length=16, choices=Referral.choices, blank=True)
    # Set by the workflow (see clean), never entered: what the reports count disputes by.
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, blank=True, editable=False
    )
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    terms = models.TextField(_("terms of settlement"), blank=True)
    history = audited()

    type_code = "DSP"
    default_pattern = "DSP-{seq:05}/{yyyy}"
    workflow = Workflow(
        states=(
            State("reported", _("Reported")),
            State("conciliation", _("In conciliation")),
            State("settled", _("Settled"), closed=True),
            State("partly", _("Partially settled"), closed=True),
            State("referred", _("Referred"), closed=True),
            State("withdrawn", _("Withdrawn"), closed=True),
        ),
        transitions=(
            Transition(
                "conciliate",
                _("Start conciliation"),
                ("reported",),
                "conciliation",
                "disputes.change_dispute",
            ),
            Transition(
                "settle",
                _("Record settlement"),
                ("conciliation",),
                "settled",
                "disputes.close_dispute",
                required=("settled_on", "terms"),
            ),
            Transition(
                "settle_partly",
                _("Record partial settlement"),
                ("conciliation",),
                "partly",
                "disputes.close_dispute",
                required=("settled_on", "terms"),
            ),
            Transition(
                "refer",
                _("Refer"),
                ("conciliation",),
                "referred",
                "disputes.close_dispute",
                required=("referral",),
            ),
            Transition(
                "withdraw",
                _("Record withdrawal"),
                ("reported", "conciliation"),
                "withdrawn",
                "disputes.close_dispute",
            ),
            Transition(
                "reopen",
                _("Reopen"),
                ("settled", "partly", "referred", "withdrawn"),
                "conciliation",
                "disputes.close_dispute",
            ),
        ),
        initial="reported",
    )

    class Meta:
        verbose_name = _("labour dispute")
        verbose_name_plural = _("labour disputes")
        permissions = [
            ("assign_dispute", _("Can assign disputes")),
            ("close_dispute", _("Can settle, refer, close and reopen disputes")),
            ("export_dispute", _("Can export disputes to Excel")),
        ]

    def get_absolute_url(self) -> str:
        return reverse("disputes:detail", args=[self.pk])

    @property
    def workers_side(self) -> str:
        """The party on the workers' side as people read it: the union, or the group of workers."""
        return str(self.union) if self.union_id else self.workers_description

    def clean(self) -> None:
        super().clean()
        self._outcome_follows_status()
        errors = {}
        if self.union_id is None:
            if not self.workers_description.strip():
                errors["workers_description"] = _(
                    "Without a trade union, describe the group of workers in dispute."
                )
            if not self.workers_involved:
                errors["workers_involved"] = _("Without a trade union, give the number of workers involved.")
        today = timezone.localdate()
        if self.reported_on and self.reported_on > today:
            errors["reported_on"] = _("A dispute cannot be reported in the future.")
        elif self.reported_on and self.opened_on and self.reported_on > self.opened_on:
            errors["reported_on"] = _("A dispute is registered on or after the day it was reported.")
        if self.settled_on and self.reported_on and self.settled_on < self.reported_on:
            errors["settled_on"] = _("A dispute cannot be settled before it was reported.")
        elif self.settled_on and self.settled_on > today:
            errors["settled_on"] = _("The settlement date cannot be in the future.")
        if self.next_meeting_on and self.reported_on and self.next_meeting_on < self.reported_on:
            errors["next_meeting_on"] = _("A meeting cannot be before the dispute was reported.")
        if self.status == "referred" and not self.referral:
            errors["referral"] = _("Choose where the dispute is referred: the tribunal or arbitration.")
        if errors:
            raise ValidationError(errors)

    def _outcome_follows_status(self) -> None:
        """The outcome is the closing state's, or the referral's; an open dispute has none, so a
        reopened one loses its former outcome and referral. Only a settled dispute has a settlement
        date. What is cleared stays in the history."""
        if self.status in OUTCOME_OF_STATE:
            self.outcome = OUTCOME_OF_STATE[self.status]
        elif self.status == "referred":
            self.outcome = self.referral
        else:
            self.outcome = ""
        if self.status != "referred":
            self.referral = ""
        if self.status not in SETTLED_STATES:
            self.settled_on = None

    def letter_context(self) -> dict:
        issues = list(self.issues.order_by("code").values_list("title", flat=True))
        return {
            **super().letter_context(),
            "employer": self.employer.name,
            "employer_address": self.employer.address,
            "union": str(self.union) if self.union_id else "",
            "workers": self.workers_side,
            "workers_involved": self.workers_involved,
            "issues": issues,
            "issues_text": ", ".join(issues),
            "reported_on": self.reported_on,
            "next_meeting_on": self.next_meeting_on,
            "next_meeting_place": self.next_meeting_place,
            "meetings": [
                {"held_on": meeting.held_on, "place": meeting.place}
                for meeting in self.meetings.order_by("held_on", "id")
            ],
            "outcome": self.get_outcome_display(),
            "referral": self.get_referral_display(),
            "settled_on": self.settled_on,
            "terms": self.terms,
        }


class Meeting(Versioned):
    """A conciliation meeting held: the parties before the Department's conciliator, who came, minutes."""

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    attended_employer = models.CharField(_("attended for the employer"), max_length=500, blank=True)
    attended_workers = models.CharField(
        _("attended for the union or the workers"), max_length=500, blank=True
    )
    attended_department = models.CharField(
        _("attended for the Department"),
        max_length=500,
        blank=True,
        help_text=_("The conciliator and any other officer present."),
    )
    minutes = models.TextField(_("minutes"), blank=True)
    history = audited()

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("conciliation meeting")
        verbose_name_plural = _("conciliation meetings")

    def __str__(self) -> str:
        return f"{self.dispute} {self.held_on}"

    def get_absolute_url(self) -> str:
        return reverse("disputes:detail", args=[self.dispute_id])

    @property
    def attendance(self) -> str:
        return "; ".join(
            part for part in (self.attended_employer, self.attended_workers, self.attended_department) if part
        )

    def clean(self) -> None:
        super().clean()
        if not self.held_on or not self.dispute_id:
            return
        if self.held_on < self.dispute.reported_on:
            raise ValidationError({"held_on": _("A meeting cannot be held before the dispute was reported.")})
        if self.held_on > timezone.localdate():
            raise ValidationError(
                {
                    "held_on": _(
                        "A meeting is recorded once held. To announce the next one, give its date and "
                        "place as the dispute's next meeting."
                    )
                }
            )
