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
from modules.reference.choices import Sex
from modules.reference.models import Code

NOT_NEGATIVE = [MinValueValidator(0, message=_("An amount cannot be negative."))]


class Outcome(models.TextChoices):
    SETTLED = "settled", _("Settled in full")
    PARTLY = "partly", _("Partly settled")
    NOT_UPHELD = "not_upheld", _("Not upheld")


class Referral(models.TextChoices):
    TRIBUNAL = "tribunal", _("Industrial tribunal")
    COURT = "court", _("Court")
    AGENCY = "agency", _("Another agency")


class Complaint(Case):
    complainant_name = models.CharField(_("complainant"), max_length=200)
    complainant_sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    complainant_birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    complainant_nationality = models.ForeignKey(
        Code, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("nationality")
    )
    complainant_phone = models.CharField(_("telephone"), max_length=50, blank=True)
    complainant_email = models.EmailField(_("email"), blank=True)
    complainant_address = models.CharField(_("address"), max_length=300, blank=True)
    occupation = models.ForeignKey(
        Code,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("occupation (ISCO)"),
    )
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("employer")
    )
    category = models.ForeignKey(Code, on_delete=models.PROTECT, related_name="+", verbose_name=_("category"))
    description = models.TextField(_("what the complaint is about"), blank=True)
    amount_claimed = models.DecimalField(
        _("amount claimed"), max_digits=12, decimal_places=2, null=True, blank=True, validators=NOT_NEGATIVE
    )
    amount_recovered = models.DecimalField(
        _("amount recovered"), max_digits=12, decimal_places=2, null=True, blank=True, validators=NOT_NEGATIVE
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    referral = models.CharField(_("referred to"), max_length=16, choices=Referral.choices, blank=True)
    history = audited()

    # Who the case is about (clmis.personal_data): withheld from readers without the right, erased
    # on request or by the country's retention rule.
    personal_fields = (
        "complainant_name",
        "complainant_birth_date",
        "complainant_phone",
        "complainant_email",
        "complainant_address",
    )
    type_code = "CMP"
    default_pattern = "CMP-{seq:05}/{yyyy}"
    workflow = Workflow(
        states=(
            State("received", _("Received")),
            State("investigating", _("Under investigation")),
            State("hearing", _("Hearing scheduled")),
            State("settled", _("Settled"), closed=True),
            State("referred", _("Referred"), closed=True),
            State("withdrawn", _("Withdrawn"), closed=True),
        ),
        transitions=(
            Transition(
                "investigate",
                _("Start investigation"),
                ("received",),
                "investigating",
                "complaints.change_complaint",
            ),
            Transition(
                "schedule_hearing",
                _("Schedule a hearing"),
                ("investigating",),
                "hearing",
                "complaints.change_complaint",
            ),
            Transition(
                "settle",
                _("Settle"),
                ("investigating", "hearing"),
                "settled",
                "complaints.settle_complaint",
                required=("outcome", "settled_on"),
                optional=("amount_recovered",),
            ),
            Transition(
                "refer",
                _("Refer"),
                ("investigating", "hearing"),
                "referred",
                "complaints.settle_complaint",
                required=("referral",),
            ),
            Transition(
                "withdraw",
                _("Record withdrawal"),
                ("received", "investigating", "hearing"),
                "withdrawn",
                "complaints.change_complaint",
            ),
            Transition(
                "reopen",
                _("Reopen"),
                ("settled", "referred", "withdrawn"),
                "investigating",
                "complaints.settle_complaint",
            ),
        ),
        initial="received",
    )

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        permissions = [
            ("assign_complaint", _("Can assign complaints")),
            ("settle_complaint", _("Can settle, refer and reopen complaints")),
            ("export_complaint", _("Can export complaints to Excel")),
        ]

    def get_absolute_url(self) -> str:
        return reverse("complaints:detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.complainant_birth_date and self.complainant_birth_date >= (
            self.opened_on or timezone.localdate()
        ):
            errors["complainant_birth_date"] = _(
                "The date of birth must be before the complaint was received."
            )
        if self.settled_on and self.opened_on and self.settled_on < self.opened_on:
            errors["settled_on"] = _("A complaint cannot be settled before it was received.")
        if self.settled_on and self.settled_on > timezone.localdate():
            errors["settled_on"] = _("The settlement date cannot be in the future.")
        if errors:
            raise ValidationError(errors)

    def letter_context(self) -> dict:
        return {
            **super().letter_context(),
            "complainant": self.complainant_name,
            "employer": self.employer.name,
            "category": self.category.title,
            "amount_claimed": self.amount_claimed,
            "amount_recovered": self.amount_recovered,
            "outcome": self.get_outcome_display(),
            "settled_on": self.settled_on,
        }


class Hearing(Versioned):
    """A hearing of the complaint: the parties before an officer, with who attended and the minutes."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="hearings")
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    attended = models.CharField(_("attended"), max_length=500, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    history = audited()

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")

    def __str__(self) -> str:
        return f"{self.complaint} {self.held_on}"

    def get_absolute_url(self) -> str:
        return reverse("complaints:detail", args=[self.complaint_id])

    def clean(self) -> None:
        super().clean()
        if self.held_on and self.complaint_id and self.held_on < self.complaint.opened_on:
            raise ValidationError(
                {"held_on": _("A hearing cannot be held before the complaint was received.")}
            )
