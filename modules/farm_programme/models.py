import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clmis.audit.history import audited
from clmis.records.models import Versioned
from modules.casework.models import Case
from modules.casework.workflow import State, Transition, Workflow
from modules.reference.choices import Currency, Sex
from modules.reference.models import Code

YOUNGEST = 18
NOT_NEGATIVE = [MinValueValidator(0, message=_("An amount cannot be negative."))]
# The stages of a worker who took one of the round's places: selection counts against the places.
PLACED = ("selected", "departed", "returned", "did_not_return")
# What must be done before a worker leaves: medicals and documents.
CHECKLIST = ("medical_cleared", "police_record", "passport_valid", "contract_signed", "visa_issued")


def age_on(born: datetime.date, on: datetime.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


class RoundStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open for applications")
    CLOSED = "closed", _("Closed")


class RecruitmentRound(Versioned):
    """A season's recruitment for a programme abroad (Canada's seasonal agricultural workers programme,
    say): how many places, when applications are taken, in which currency workers report their pay."""

    season = models.PositiveSmallIntegerField(
        _("season"),
        validators=[
            MinValueValidator(2000, message=_("Give the season's year, such as 2026.")),
            MaxValueValidator(2100, message=_("Give the season's year, such as 2026.")),
        ],
    )
    destination = models.ForeignKey(
        Code, on_delete=models.PROTECT, related_name="+", verbose_name=_("destination country")
    )
    programme = models.CharField(
        _("programme or employer abroad"),
        max_length=200,
        help_text=_("Such as “Seasonal Agricultural Worker Program (SAWP)”."),
    )
    opens_on = models.DateField(_("applications open"))
    closes_on = models.DateField(_("applications close"))
    places = models.PositiveIntegerField(
        _("places"), validators=[MinValueValidator(1, message=_("A round has at least one place."))]
    )
    currency = models.CharField(
        _("currency of the destination"),
        max_length=3,
        choices=Currency.choices,
        default=Currency.CAD,
        help_text=_("Workers' earnings and remittances are reported in it."),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.PLANNED
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = audited()

    class Meta:
        ordering = ["-season", "-opens_on"]
        verbose_name = _("recruitment round")
        verbose_name_plural = _("recruitment rounds")
        permissions = [("export_recruitmentround", _("Can export recruitment rounds to Excel"))]

    def __str__(self) -> str:
        return f"{self.season} {self.programme}"

    def get_absolute_url(self) -> str:
        return reverse("farm_programme:round-detail", args=[self.pk])

    @property
    def places_taken(self) -> int:
        return self.workers.filter(status__in=PLACED).count()

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.destination_id and self.destination.code.lower() == connection.schema_name:
            errors["destination"] = _("The destination is a country abroad, not this one.")
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = _("Applications cannot close before they open.")
        if self.season and self.opens_on and abs(self.opens_on.year - self.season) > 1:
            errors["opens_on"] = _("Applications open within a year of the season.")
        if self.pk and self.places and self.places < self.places_taken:
            errors["places"] = _(
                "%(taken)s workers are selected already: the round needs at least as many places."
            ) % {"taken": self.places_taken}
        if errors:
            raise ValidationError(errors)


class FarmWorker(Case):
    """A national's application to work a season abroad: shortlisted and selected against the round's
    places, cleared by the checklist of medicals and documents, departed, returned, followed up."""

    round = models.ForeignKey(
        RecruitmentRound,
        on_delete=models.PROTECT,
        related_name="workers",
        verbose_name=_("recruitment round"),
    )
    name = models.CharField(_("name"), max_length=200)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"))
    nis_number = models.CharField(_("national insurance number"), max_length=50, blank=True)
    district = models.ForeignKey(
        Code, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("district")
    )
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    medical_cleared = models.BooleanField(_("medical cleared"), default=False)
    medical_on = models.DateField(_("date of the medical"), null=True, blank=True)
    police_record = models.BooleanField(_("police record received"), default=False)
    police_record_on = models.DateField(_("date of the police record"), null=True, blank=True)
    passport_valid = models.BooleanField(_("passport valid for the season"), default=False)
    passport_expires_on = models.DateField(_("passport expires"), null=True, blank=True)
    contract_signed = models.BooleanField(_("contract signed"), default=False)
    contract_signed_on = models.DateField(_("date the contract was signed"), null=True, blank=True)
    visa_issued = models.BooleanField(_("visa or work permit issued"), default=False)
    visa_issued_on = models.DateField(_("date the visa was issued"), null=True, blank=True)
    employer_abroad = models.CharField(_("employer abroad (the farm)"), max_length=200, blank=True)
    departed_on = models.DateField(_("departed on"), null=True, blank=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    earnings_reported = models.DecimalField(
        _("earnings reported"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
    )
    remittances_reported = models.DecimalField(
        _("remittances reported"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
    )
    stay_note = models.TextField(
        _("what is known of the worker's stay abroad"),
        blank=True,
        help_text=_("For a worker who did not come back at the end of the season."),
    )
    history = audited()

    # Who the case is about (clmis.personal_data): withheld from readers without the right, erased
    # on request or by the country's retention rule.
    personal_fields = ("name", "birth_date", "nis_number", "phone")
    type_code = "FWP"
    default_pattern = "{TYPE}-{seq:05}/{yyyy}"
    workflow = Workflow(
        states=(
            State("applied", _("Applied")),
            State("shortlisted", _("Shortlisted")),
            State("selected", _("Selected")),
            State("departed", _("Departed")),
            State("returned", _("Returned"), closed=True),
            State("rejected", _("Rejected"), closed=True),
            State("withdrawn", _("Withdrawn"), closed=True),
            State("did_not_return", _("Did not return"), closed=True),
        ),
        transitions=(
            Transition(
                "shortlist", _("Shortlist"), ("applied",), "shortlisted", "farm_programme.change_farmworker"
            ),
            Transition(
                "select", _("Select"), ("shortlisted",), "selected", "farm_programme.select_farmworker"
            ),
            Transition(
                "depart",
                _("Record departure"),
                ("selected",),
                "departed",
                "farm_programme.change_farmworker",
                required=(*CHECKLIST, "departed_on"),
                optional=("employer_abroad",),
            ),
            Transition(
                "return",
                _("Record return"),
                ("departed",),
                "returned",
                "farm_programme.change_farmworker",
                required=("returned_on",),
                optional=("earnings_reported", "remittances_reported"),
            ),
            Transition(
                "not_returned",
                _("Record that the worker did not return"),
                ("departed",),
                "did_not_return",
                "farm_programme.change_farmworker",
                required=("stay_note",),
            ),
            Transition(
                "reject",
                _("Reject"),
                ("applied", "shortlisted", "selected"),
                "rejected",
                "farm_programme.select_farmworker",
            ),
            Transition(
                "withdraw",
                _("Record withdrawal"),
                ("applied", "shortlisted", "selected"),
                "withdrawn",
                "farm_programme.change_farmworker",
            ),
            Transition(
                "reopen",
                _("Reopen"),
                ("rejected", "withdrawn"),
                "applied",
                "farm_programme.select_farmworker",
            ),
        ),
        initial="applied",
    )

    class Meta:
        verbose_name = _("farm worker")
        verbose_name_plural = _("farm workers")
        permissions = [
            ("assign_farmworker", _("Can assign farm workers' applications")),
            ("select_farmworker", _("Can select, reject and reopen farm workers' applications")),
            ("export_farmworker", _("Can export farm workers to Excel")),
        ]

    def get_absolute_url(self) -> str:
        return reverse("farm_programme:detail", args=[self.pk])

    @property
    def checklist_complete(self) -> bool:
        return all(getattr(self, item) for item in CHECKLIST)

    def clean(self) -> None:
        super().clean()
        today, errors = timezone.localdate(), {}
        if self.birth_date and self.round_id and age_on(self.birth_date, self.round.opens_on) < YOUNGEST:
            errors["birth_date"] = _("A worker must be at least %(age)s when the round opens.") % {
                "age": YOUNGEST
            }
        for field in ("medical_on", "police_record_on", "contract_signed_on", "visa_issued_on"):
            if getattr(self, field) and getattr(self, field) > today:
                errors[field] = _("This date cannot be in the future.")
        if self.departed_on and self.departed_on > today:
            errors["departed_on"] = _(
                "A departure cannot be in the future: record it once the worker has left."
            )
        elif self.departed_on and self.opened_on and self.departed_on < self.opened_on:
            errors["departed_on"] = _("A worker cannot depart before applying.")
        elif self.departed_on and self.passport_expires_on and self.passport_expires_on <= self.departed_on:
            errors["passport_expires_on"] = _("The passport expires before the departure.")
        if self.returned_on and self.returned_on > today:
            errors["returned_on"] = _("A return cannot be in the future.")
        elif self.returned_on and not self.departed_on:
            errors["returned_on"] = _("A worker returns after departing: record the departure first.")
        elif self.returned_on and self.returned_on < self.departed_on:
            errors["returned_on"] = _("A worker cannot return before departing.")
        if (
            self.earnings_reported is not None
            and self.remittances_reported is not None
            and self.remittances_reported > self.earnings_reported
        ):
            errors["remittances_reported"] = _("Remittances cannot be more than the earnings.")
        if self.status in PLACED and self.status != "selected" and not self.checklist_complete:
            errors.update(
                {
                    item: _("Needed before the worker departs.")
                    for item in CHECKLIST
                    if not getattr(self, item)
                }
            )
        if self.status == "selected":
            errors.update(self._places_errors())
        if errors:
            raise ValidationError(errors)

    def _places_errors(self) -> dict:
        # When saving (in the save's transaction), the round's row is locked until the transaction ends:
        # two supervisors selecting at once for the last place are served one after the other, and the
        # second is refused. A form checking what was typed only reads.
        rounds = RecruitmentRound.objects
        if connection.in_atomic_block:
            rounds = rounds.select_for_update()
        places = rounds.values_list("places", flat=True).get(pk=self.round_id)
        taken = (
            FarmWorker.objects.filter(round_id=self.round_id, status__in=PLACED).exclude(pk=self.pk).count()
        )
        if taken >= places:
            return {
                "round": _("All %(places)s places of the round are taken: no one more can be selected.")
                % {"places": places}
            }
        return {}

    def letter_available(self, key: str) -> bool:
        """Selection and briefing letters for a selected worker (and, for the record, one who has left)."""
        return self.status in PLACED if key.startswith("farm_programme/") else True

    def letter_context(self) -> dict:
        return {
            **super().letter_context(),
            "worker": self.name,
            "season": self.round.season,
            "programme": self.round.programme,
            "destination": self.round.destination.title,
            "employer_abroad": self.employer_abroad,
            "departed_on": self.departed_on,
            "checklist": [
                {"item": str(self._meta.get_field(item).verbose_name), "done": getattr(self, item)}
                for item in CHECKLIST
            ],
        }


class FollowUp(Versioned):
    """Return and reintegration follow-up: how the worker is doing back home, and whether they have work."""

    worker = models.ForeignKey(FarmWorker, on_delete=models.CASCADE, related_name="follow_ups")
    on = models.DateField(_("date"))
    employed = models.BooleanField(_("employed"), default=False, help_text=_("The worker has work at home."))
    notes = models.TextField(_("notes"), blank=True)
    history = audited()

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.worker} {self.on}"

    def get_absolute_url(self) -> str:
        return reverse("farm_programme:detail", args=[self.worker_id])

    def clean(self) -> None:
        super().clean()
        errors = {}
        returned = self.worker.returned_on if self.worker_id else None
        if self.on and self.on > timezone.localdate():
            errors["on"] = _("A follow-up cannot be in the future.")
        elif self.on and returned is None:
            errors["on"] = _("A follow-up is after the worker's return: record the return first.")
        elif self.on and self.on < returned:
            errors["on"] = _("A follow-up is after the worker's return (%(date)s).") % {
                "date": returned.isoformat()
            }
        if errors:
            raise ValidationError(errors)
