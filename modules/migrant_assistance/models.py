from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import connection, models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clmis.audit.history import audited
from clmis.records.models import Versioned
from modules.casework.models import Case
from modules.casework.workflow import State, Transition, Workflow
from modules.reference.choices import Currency, Sex
from modules.reference.models import Code

REQUEST_TYPES = "assistance_request_type"


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    PARTLY = "partly", _("Partly resolved")
    NOT_RESOLVED = "not_resolved", _("Not resolved")
    REFERRED = "referred", _("Referred to another organisation")


class Organisation(models.TextChoices):
    EMBASSY = "embassy", _("Embassy or consulate")
    EMPLOYER = "employer", _("Employer abroad")
    AGENCY = "agency", _("Recruitment agency")
    IOM = "iom", _("IOM")
    POLICE = "police", _("Police")
    OTHER = "other", _("Other")


def _coded(label, **options) -> models.ForeignKey:
    return models.ForeignKey(Code, on_delete=models.PROTECT, related_name="+", verbose_name=label, **options)


def home_country_code() -> str:
    """The ISO 3166 code of the country in use: its nationals are the ones this module assists."""
    return connection.schema_name.upper()


class AssistanceRequest(Case):
    """A national working abroad, or about to leave, who asks the Department for help (Form 22).

    The worker's recruitment cost and first month's earnings abroad, in one currency, are the inputs of
    SDG indicator 10.7.1: the cost as a share of the earnings, worker by worker.
    """

    person_name = models.CharField(_("name"), max_length=200)
    person_sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    nationality = _coded(_("nationality"), null=True, blank=True)
    occupation = _coded(_("occupation (ISCO)"), null=True, blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    home_address = models.CharField(_("home address"), max_length=300, blank=True)
    contact_abroad = models.CharField(
        _("contact abroad"),
        max_length=300,
        blank=True,
        help_text=_("Address or telephone where the worker can be reached abroad."),
    )
    destination = _coded(_("country of destination"))
    employer_abroad_name = models.CharField(_("employer abroad"), max_length=200, blank=True)
    employer_abroad_address = models.CharField(
        _("address of the employer abroad"), max_length=300, blank=True
    )
    agency_name = models.CharField(_("recruitment agency"), max_length=200, blank=True)
    departed_on = models.DateField(_("departed on"), null=True, blank=True)
    still_abroad = models.BooleanField(_("still abroad"), default=False)
    request_type = _coded(_("type of request"))
    description = models.TextField(_("what the worker asks for"), blank=True)
    recruitment_cost = models.DecimalField(
        _("recruitment cost"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=_("A recruitment cost cannot be negative."))],
        help_text=_("What the worker paid to get the job: fees, travel, documents, medical checks."),
    )
    monthly_earnings = models.DecimalField(
        _("first month's earnings abroad"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("What the worker earned in the first month of the job abroad."),
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        choices=Currency.choices,
        blank=True,
        help_text=_("Of both the recruitment cost and the earnings."),
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_notes = models.TextField(_("outcome notes"), blank=True)
    history = audited()

    # Who the case is about (clmis.personal_data): withheld from readers without the right, erased
    # on request or by the country's retention rule.
    personal_fields = ("person_name", "birth_date", "phone", "email", "home_address", "contact_abroad")
    type_code = "OMW"
    default_pattern = "OMW-{seq:05}/{yyyy}"
    workflow = Workflow(
        states=(
            State("received", _("Received")),
            State("in_progress", _("In progress")),
            State("closed", _("Closed"), closed=True),
            State("withdrawn", _("Withdrawn"), closed=True),
        ),
        transitions=(
            Transition(
                "start",
                _("Start working on it"),
                ("received",),
                "in_progress",
                "migrant_assistance.change_assistancerequest",
            ),
            Transition(
                "close",
                _("Close with the outcome"),
                ("in_progress",),
                "closed",
                "migrant_assistance.close_assistancerequest",
                required=("outcome", "outcome_notes"),
            ),
            Transition(
                "withdraw",
                _("Record withdrawal"),
                ("received", "in_progress"),
                "withdrawn",
                "migrant_assistance.change_assistancerequest",
            ),
            Transition(
                "reopen",
                _("Reopen"),
                ("closed", "withdrawn"),
                "in_progress",
                "migrant_assistance.close_assistancerequest",
            ),
        ),
        initial="received",
    )

    class Meta:
        verbose_name = _("request for assistance abroad")
        verbose_name_plural = _("requests for assistance abroad")
        permissions = [
            ("assign_assistancerequest", _("Can assign requests for assistance abroad")),
            ("close_assistancerequest", _("Can close and reopen requests for assistance abroad")),
            ("export_assistancerequest", _("Can export requests for assistance abroad to Excel")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(monthly_earnings__gt=0) | Q(monthly_earnings__isnull=True),
                name="assistance_earnings_positive",
                violation_error_message=_("The earnings must be more than 0."),
            ),
            models.CheckConstraint(
                condition=Q(recruitment_cost__gte=0) | Q(recruitment_cost__isnull=True),
                name="assistance_cost_not_negative",
                violation_error_message=_("A recruitment cost cannot be negative."),
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse("migrant_assistance:detail", args=[self.pk])

    @property
    def cost_ratio(self) -> Decimal | None:
        """The recruitment cost as a share of the first month's earnings (SDG 10.7.1), to two decimals."""
        if self.recruitment_cost is None or not self.monthly_earnings:
            return None
        return (self.recruitment_cost / self.monthly_earnings).quantize(Decimal("0.01"), ROUND_HALF_UP)

    def clean(self) -> None:
        super().clean()
        if self.status != "closed":
            # The outcome is the closing's: a reopened request gets a new one when closed again (the
            # former stays in the history).
            self.outcome, self.outcome_notes = "", ""
        today, errors = timezone.localdate(), {}
        if self.birth_date and self.birth_date >= (self.opened_on or today):
            errors["birth_date"] = _("The date of birth must be before the request was received.")
        if self.departed_on and self.departed_on > today:
            errors["departed_on"] = _(
                "The date of departure cannot be in the future: leave it empty until the worker has left."
            )
        if self.destination_id and self.destination.code.upper() == home_country_code():
            errors["destination"] = _("The destination is the country the worker goes to: not this country.")
        if self.monthly_earnings is not None and self.monthly_earnings <= 0:
            errors["monthly_earnings"] = _(
                "The earnings must be more than 0: leave them empty when they are not known."
            )
        if (self.recruitment_cost is not None or self.monthly_earnings is not None) and not self.currency:
            errors["currency"] = _("Give the currency of the recruitment cost and the earnings.")
        if self.status == "closed" and not (self.outcome and self.outcome_notes.strip()):
            needed = _("Needed to close the request.")
            errors.update(
                {field: needed for field in ("outcome", "outcome_notes") if not getattr(self, field)}
            )
        if errors:
            raise ValidationError(errors)

    def letter_context(self) -> dict:
        last_action = self.actions.order_by("-taken_on", "-id").first()
        return {
            **super().letter_context(),
            "person": self.person_name,
            "destination": self.destination.title,
            "employer_abroad": self.employer_abroad_name,
            "employer_abroad_address": self.employer_abroad_address,
            "agency": self.agency_name,
            "departed_on": self.departed_on,
            "request_type": self.request_type.title,
            "description": self.description,
            "organisation": (last_action.organisation_name or last_action.get_organisation_display())
            if last_action
            else "",
            "outcome": self.get_outcome_display(),
        }


class AssistanceAction(Versioned):
    """What the Department did for the worker: on a date, with an organisation contacted (on the timeline)."""

    assistance_request = models.ForeignKey(
        AssistanceRequest, on_delete=models.CASCADE, related_name="actions"
    )
    taken_on = models.DateField(_("date"), default=timezone.localdate)
    description = models.TextField(_("what was done"))
    organisation = models.CharField(_("organisation contacted"), max_length=16, choices=Organisation.choices)
    organisation_name = models.CharField(
        _("name of the organisation"),
        max_length=200,
        blank=True,
        help_text=_("Such as “Consulate General in Toronto” or the agency's name."),
    )
    history = audited()

    class Meta:
        ordering = ["taken_on", "id"]
        verbose_name = _("action taken")
        verbose_name_plural = _("actions taken")

    def __str__(self) -> str:
        return f"{self.assistance_request} {self.taken_on}"

    def get_absolute_url(self) -> str:
        return reverse("migrant_assistance:detail", args=[self.assistance_request_id])

    def clean(self) -> None:
        super().clean()
        if not self.taken_on or not self.assistance_request_id:
            return
        if self.taken_on < self.assistance_request.opened_on:
            raise ValidationError(
                {"taken_on": _("An action cannot be taken before the request was received.")}
            )
        if self.taken_on > timezone.localdate():
            raise ValidationError(
                {"taken_on": _("An action is recorded once taken: the date cannot be in the future.")}
            )
