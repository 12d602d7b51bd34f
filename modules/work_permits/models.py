import calendar
import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clmis.audit.history import audited
from modules.casework.models import Case
from modules.casework.numbering import Numbering, reference_allocate
from modules.casework.workflow import State, Transition, Workflow
from modules.employers.models import Employer
from modules.reference.choices import Currency, Sex
from modules.reference.models import Code

# The vacancy is linked through the case table: work permits need not install or enable vacancies.
VACANCY_CASE_TYPE = "vacancies.vacancy"
YOUNGEST = 16
LONGEST_MONTHS = 60
# Permit numbers are a second numbering of the case-numbering core, with a counter (and a country's
# own pattern, set under Numbering) under this key: "KN/WP/2026/0007".
PERMIT_NUMBERING = "work_permits.permit_number"
PERMIT_NUMBER_PATTERN = "{CC}/{TYPE}/{yyyy}/{seq:04}"
PERMIT_NUMBERS = Numbering(
    key=PERMIT_NUMBERING,
    label=_("work permit numbers"),
    type_code="WP",
    default_pattern=PERMIT_NUMBER_PATTERN,
    field="permit_number",
)
LETTERS_BY_STATUS = {"work_permits/certificate": "approved", "work_permits/refusal": "refused"}


def local_currency() -> str:
    """The currency of the country in use: Suriname's dollar there, the East Caribbean dollar elsewhere."""
    return Currency.SRD if connection.schema_name == "sr" else Currency.XCD


def months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it has no such day (31 Jan + 1: 28 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def age_on(born: datetime.date, on: datetime.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _code(label, *, table: str = "", null: bool = False) -> models.ForeignKey:
    """A code; `table` limits the choices offered in a transition's form to that table's codes."""
    return models.ForeignKey(
        Code,
        on_delete=models.PROTECT,
        null=null,
        blank=null,
        related_name="+",
        verbose_name=label,
        limit_choices_to={"classification__key": table} if table else None,
    )


class WorkPermit(Case):
    """An employer's application for a permit for a foreign worker: the labour-market test, the decision
    (a supervisor's), the permit number and period on approval; a renewal is a new application."""

    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="work_permits", verbose_name=_("employer")
    )
    position = models.CharField(_("position title"), max_length=200)
    occupation = _code(_("occupation (ISCO)"))
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"),
        validators=[
            MinValueValidator(1, message=_("A permit is for at least one month.")),
            MaxValueValidator(LONGEST_MONTHS, message=_("A permit is for %(limit_value)s months at most.")),
        ],
    )
    monthly_salary = models.DecimalField(
        _("monthly salary"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0, message=_("The salary cannot be negative."))],
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=local_currency)
    worker_name = models.CharField(_("worker"), max_length=200)
    worker_sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    worker_birth_date = models.DateField(_("date of birth"))
    citizenship = _code(_("citizenship"))
    country_of_birth = _code(_("country of birth"))
    passport_number = models.CharField(_("passport number"), max_length=50)
    education_level = _code(_("level of education"), null=True)
    qualifications = models.TextField(_("qualifications"), blank=True)
    vacancy_advertised = models.BooleanField(
        _("vacancy advertised"),
        default=False,
        help_text=_("The employer advertised the position to the country's job seekers."),
    )
    advertised_on = models.DateField(_("advertised on"), null=True, blank=True)
    advertised_vacancy = models.ForeignKey(
        Case,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vacancy"),
        help_text=_(
            "The vacancy registered with the employment service, where the vacancies module is used."
        ),
    )
    no_suitable_national = models.BooleanField(
        _("no suitable national"),
        default=False,
        help_text=_("The employment service found no suitable national job seeker for the position."),
    )
    labour_market_note = models.TextField(
        _("labour-market test"),
        blank=True,
        help_text=_("What was checked, e.g. “12 job seekers registered for 5120, none available”."),
    )
    renewal_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name=_("renewal of"),
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    refusal_reason = _code(_("reason for refusal"), table="permit_refusal_reason", null=True)
    decision_notes = models.TextField(_("notes on the decision"), blank=True)
    # Given on approval by the numbering core, never typed (in no form, read-only in the API).
    permit_number = models.CharField(_("permit number"), max_length=40, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    history = audited()

    # Who the case is about (clmis.personal_data): withheld from readers without the right, erased
    # on request or by the country's retention rule.
    personal_fields = ("worker_name", "worker_birth_date", "passport_number")
    type_code = "WP"
    default_pattern = "{TYPE}-{seq:05}/{yyyy}"
    other_numberings = (PERMIT_NUMBERS,)
    workflow = Workflow(
        states=(
            State("received", _("Received")),
            State("under_review", _("Under review")),
            State("approved", _("Approved"), closed=True),
            State("refused", _("Refused"), closed=True),
            State("withdrawn", _("Withdrawn"), closed=True),
        ),
        transitions=(
            Transition(
                "review",
                _("Start the review"),
                ("received",),
                "under_review",
                "work_permits.change_workpermit",
            ),
            Transition(
                "approve",
                _("Approve"),
                ("under_review",),
                "approved",
                "work_permits.decide_workpermit",
                required=("valid_from", "valid_until"),
                optional=("decided_on", "decision_notes"),
            ),
            Transition(
                "refuse",
                _("Refuse"),
                ("under_review",),
                "refused",
                "work_permits.decide_workpermit",
                required=("refusal_reason",),
                optional=("decided_on", "decision_notes"),
            ),
            Transition(
                "withdraw",
                _("Record withdrawal"),
                ("received", "under_review"),
                "withdrawn",
                "work_permits.change_workpermit",
            ),
            Transition(
                "reopen",
                _("Reopen"),
                ("approved", "refused", "withdrawn"),
                "under_review",
                "work_permits.decide_workpermit",
            ),
        ),
        initial="received",
    )

    class Meta:
        verbose_name = _("work permit")
        verbose_name_plural = _("work permits")
        permissions = [
            ("assign_workpermit", _("Can assign work permit applications")),
            ("decide_workpermit", _("Can approve, refuse and reopen work permit applications")),
            ("export_workpermit", _("Can export work permits to Excel")),
        ]
        indexes = [models.Index(fields=["decided_on"], name="work_permit_decided")]

    def get_absolute_url(self) -> str:
        return reverse("work_permits:detail", args=[self.pk])

    @property
    def labour_market_tested(self) -> bool:
        """The position was advertised, or the employment service found no suitable national."""
        return self.vacancy_advertised or self.no_suitable_national

    @property
    def is_renewal(self) -> bool:
        return self.renewal_of_id is not None

    def clean(self) -> None:
        super().clean()
        today, errors = timezone.localdate(), {}
        applied = self.opened_on or today
        if self.worker_birth_date and age_on(self.worker_birth_date, applied) < YOUNGEST:
            errors["worker_birth_date"] = _(
                "The worker must be at least %(age)s years old when the application is made."
            ) % {"age": YOUNGEST}
        if self.citizenship_id and self.citizenship.code.lower() == connection.schema_name:
            errors["citizenship"] = _("A citizen of this country needs no work permit.")
        if self.advertised_on and self.advertised_on > today:
            errors["advertised_on"] = _("The date of the advertisement cannot be in the future.")
        elif self.advertised_on and not self.vacancy_advertised:
            errors["advertised_on"] = _("Tick “vacancy advertised” too, or leave the date empty.")
        if self.advertised_vacancy_id and self.advertised_vacancy.case_type != VACANCY_CASE_TYPE:
            errors["advertised_vacancy"] = _("Choose a vacancy.")
        errors.update(self._decision_errors(today))
        errors.update(self._renewal_errors())
        if errors:
            raise ValidationError(errors)

    def _decision_errors(self, today: datetime.date) -> dict:
        errors = {}
        if self.decided_on and self.decided_on > today:
            errors["decided_on"] = _("The date of the decision cannot be in the future.")
        elif self.decided_on and self.opened_on and self.decided_on < self.opened_on:
            errors["decided_on"] = _("An application cannot be decided before it was received.")
        if self.valid_from and self.valid_until:
            if self.valid_until <= self.valid_from:
                errors["valid_until"] = _("The permit must end after it starts.")
            elif self.duration_months and self.valid_until > months_after(
                self.valid_from, self.duration_months
            ):
                errors["valid_until"] = _(
                    "The permit can be valid for %(months)s months at most (until %(date)s), the duration "
                    "applied for."
                ) % {
                    "months": self.duration_months,
                    "date": months_after(self.valid_from, self.duration_months).isoformat(),
                }
        if self.status == "approved" and not self.labour_market_tested:
            errors["no_suitable_national"] = _(
                "The labour-market test is not done: the vacancy was not advertised, and the employment "
                "service has not found that no suitable national is available. Record one of them before "
                "approving."
            )
        if self.status == "refused" and self.refusal_reason_id is None:
            errors["refusal_reason"] = _("A refusal needs its reason.")
        if self.refusal_reason_id and self.refusal_reason.classification.key != "permit_refusal_reason":
            errors["refusal_reason"] = _("Choose a reason for refusal.")
        return errors

    def _renewal_errors(self) -> dict:
        old = self.renewal_of if self.renewal_of_id else None
        if old is None:
            return {}
        if old.pk == self.pk or old.status != "approved":
            return {"renewal_of": _("Only an approved permit can be renewed.")}
        same_worker = old.worker_birth_date == self.worker_birth_date and (
            old.passport_number.strip().upper() == self.passport_number.strip().upper()
            or old.worker_name.strip().lower() == self.worker_name.strip().lower()
        )
        if old.employer_id != self.employer_id or not same_worker:
            return {"renewal_of": _("A renewal is of a permit of the same worker with the same employer.")}
        if self.valid_from and old.valid_until and self.valid_from < old.valid_until:
            return {
                "valid_from": _("A renewal starts when the permit it renews ends (%(date)s) or later.")
                % {"date": old.valid_until.isoformat()}
            }
        return {}

    def transition_values(self, action: str, values: Mapping[str, object]) -> dict:
        """A decision is dated (today unless given); an approval gets the permit number, once; reopening
        takes the decision back (the number stays with the application, for its approval again)."""
        if action in ("approve", "refuse"):
            decided = {"decided_on": values.get("decided_on") or timezone.localdate()}
            if action == "approve" and not self.permit_number:
                decided["permit_number"] = reference_allocate(
                    case_type=PERMIT_NUMBERS.key,
                    type_code=PERMIT_NUMBERS.type_code,
                    default_pattern=PERMIT_NUMBERS.default_pattern,
                    on=decided["decided_on"],
                )
            return decided
        if action == "reopen":
            return {"decided_on": None, "refusal_reason": None}
        return {}

    def letter_available(self, key: str) -> bool:
        """The certificate for an approved permit only, the refusal letter for a refused one."""
        return LETTERS_BY_STATUS.get(key, self.status) == self.status

    def letter_context(self) -> dict:
        return {
            **super().letter_context(),
            "permit_number": self.permit_number,
            "worker": self.worker_name,
            "worker_birth_date": self.worker_birth_date,
            "passport_number": self.passport_number,
            "citizenship": self.citizenship.title,
            "employer": self.employer.name,
            "employer_address": ", ".join(
                part for part in (self.employer.street, self.employer.city) if part
            ),
            "position": self.position,
            "occupation": self.occupation.title,
            "valid_from": self.valid_from,
            "valid_until": self.valid_until,
            "decided_on": self.decided_on,
            "refusal_reason": self.refusal_reason.title if self.refusal_reason else "",
            "decision_notes": self.decision_notes,
        }
