from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clmis.audit.history import audited
from clmis.records.models import Versioned
from modules.employers.models import Employer
from modules.reference.models import Code

NOT_NEGATIVE = [MinValueValidator(0, message=_("A number of posts cannot be negative."))]


class RoundStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open for responses")
    CLOSED = "closed", _("Closed")


class SurveyRound(Versioned):
    """One round of the limited vacancy survey: the employers asked, and the date vacancies are counted at.

    A record, not a case: a round has no parties, letters or deadlines of its own, and one decision at
    each step (a supervisor opens it, closes it, or reopens it saying why). So it is a `Versioned` record
    whose `status` is moved by one service per step, each a locked, audited save, as department
    activities are (see modules.monitoring.models.Activity).
    """

    title = models.CharField(_("title"), max_length=200)
    reference_date = models.DateField(
        _("reference date"), help_text=_("The date the vacancies are counted at: posts vacant on that day.")
    )
    opens_on = models.DateField(_("responses from"))
    closes_on = models.DateField(_("responses until"))
    sample = models.ManyToManyField(
        Employer,
        through="SampledEmployer",
        related_name="+",
        blank=True,
        verbose_name=_("employers asked"),
    )
    # History rows hold field values, not many-to-many links: the size of the sample, written by the
    # sample services, makes each change to the sample visible in the round's history.
    sample_size = models.PositiveIntegerField(_("employers asked"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    # Written by the services only (in no form); editable, because the history's comparison skips fields
    # that are not, and the history must show each opening, closing and reopening.
    status = models.CharField(
        _("status"), max_length=8, choices=RoundStatus.choices, default=RoundStatus.PLANNED
    )
    reopen_reason = models.CharField(_("reason for reopening"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = audited()

    class Meta:
        ordering = ["-reference_date", "-id"]
        verbose_name = _("vacancy survey round")
        verbose_name_plural = _("vacancy survey rounds")
        permissions = [
            ("open_surveyround", _("Can open, close and reopen vacancy survey rounds")),
            ("export_surveyround", _("Can export vacancy survey rounds and their responses to Excel")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_on__lte=models.F("closes_on")),
                name="surveyround_opens_before_closing",
                violation_error_message=_("The round cannot close before it opens."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("vacancy_surveys:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == RoundStatus.CLOSED

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = _("The round cannot close before it opens.")
        if self.reference_date and self.closes_on and self.reference_date > self.closes_on:
            errors["reference_date"] = _(
                "The reference date cannot be after the round closes: employers count the posts vacant "
                "on a day they can already report on."
            )
        if self.pk and self.opens_on and self.closes_on and "closes_on" not in errors:
            outside = self.responses.exclude(responded_on__range=(self.opens_on, self.closes_on)).count()
            if outside:
                errors["opens_on"] = ngettext(
                    "%(count)s response was received outside these dates: keep the dates around it.",
                    "%(count)s responses were received outside these dates: keep the dates around them.",
                    outside,
                ) % {"count": outside}
        if errors:
            raise ValidationError(errors)


class SampledEmployer(models.Model):
    """An employer asked in a round: the round's sample, from the employers register."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="sampled")
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("employer asked")
        verbose_name_plural = _("employers asked")
        constraints = [models.UniqueConstraint(fields=["round", "employer"], name="sampled_employer_once")]

    def __str__(self) -> str:
        return f"{self.round}: {self.employer}"


class SurveyResponse(Versioned):
    """An employer's answer to a round: who answered, when, and the vacancies by occupation (its lines)."""

    round = models.ForeignKey(SurveyRound, on_delete=models.PROTECT, related_name="responses")
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="+", verbose_name=_("employer")
    )
    responded_on = models.DateField(_("responded on"), default=timezone.localdate)
    respondent_name = models.CharField(
        _("respondent"), max_length=200, blank=True, help_text=_("Who answered for the employer.")
    )
    notes = models.TextField(_("notes"), blank=True)
    # The lines as saved ("5120: 3, 1, 4; 9112: 2, 0, —"), written by the service: history rows hold
    # field values, so a change of the lines is readable in the response's history and stale refusals.
    lines_summary = models.TextField(
        _("vacancies by occupation (occupation: vacancies, hard to fill, expected)"), blank=True
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = audited()

    class Meta:
        ordering = ["employer__name", "id"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "employer"],
                name="survey_response_once",
                violation_error_message=_("This employer has already responded in this round."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer} ({self.round})"

    def get_absolute_url(self) -> str:
        return reverse("vacancy_surveys:response", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.round_id and self.employer_id:
            if not SampledEmployer.objects.filter(
                round_id=self.round_id, employer_id=self.employer_id
            ).exists():
                errors["employer"] = _(
                    "This employer was not asked in this round: add it to the sample first."
                )
            elif (
                SurveyResponse.objects.filter(round_id=self.round_id, employer_id=self.employer_id)
                .exclude(pk=self.pk)
                .exists()
            ):
                errors["employer"] = _("This employer has already responded in this round.")
        if self.responded_on and self.responded_on > timezone.localdate():
            errors["responded_on"] = _("The date of the response cannot be in the future.")
        elif self.responded_on and self.round_id:
            opens_on, closes_on = self.round.opens_on, self.round.closes_on
            if not opens_on <= self.responded_on <= closes_on:
                errors["responded_on"] = _("The round takes responses from %(opens)s until %(closes)s.") % {
                    "opens": opens_on.isoformat(),
                    "closes": closes_on.isoformat(),
                }
        if errors:
            raise ValidationError(errors)


class ResponseLine(Versioned):
    """Vacancies in one occupation of a response: posts vacant at the reference date, how many of them are
    hard to fill, and how many the employer expects to recruit in the next twelve months."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="lines")
    occupation = models.ForeignKey(
        Code, on_delete=models.PROTECT, related_name="+", verbose_name=_("occupation (ISCO)")
    )
    vacancies = models.PositiveIntegerField(_("vacancies"), validators=NOT_NEGATIVE)
    hard_to_fill = models.PositiveIntegerField(
        _("hard to fill"),
        default=0,
        validators=NOT_NEGATIVE,
        help_text=_("Of the vacancies, those the employer finds hard to fill."),
    )
    expected_next_12_months = models.PositiveIntegerField(
        _("expected in the next 12 months"),
        null=True,
        blank=True,
        validators=NOT_NEGATIVE,
        help_text=_("Posts the employer expects to recruit for in the next twelve months."),
    )
    history = audited()

    class Meta:
        ordering = ["occupation__code", "id"]
        verbose_name = _("vacancies in an occupation")
        verbose_name_plural = _("vacancies by occupation")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "occupation"],
                name="response_line_once",
                violation_error_message=_("This occupation is on the response twice: give it one line."),
            ),
            models.CheckConstraint(
                condition=Q(hard_to_fill__lte=models.F("vacancies")),
                name="response_line_hard_to_fill_of_vacancies",
                violation_error_message=_("Hard-to-fill vacancies are some of the vacancies: not more."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.occupation.code}: {self.vacancies}"

    def clean(self) -> None:
        super().clean()
        if (
            self.vacancies is not None
            and self.hard_to_fill is not None
            and self.hard_to_fill > self.vacancies
        ):
            raise ValidationError(
                {"hard_to_fill": _("Hard-to-fill vacancies are some of the vacancies: not more.")}
            )

    def summary(self) -> str:
        """The line as the response's history shows it, in numbers only (stored, so in no language):
        "5120: 3, 1, 4" for occupation: vacancies, hard to fill, expected (— when not given)."""
        expected = "—" if self.expected_next_12_months is None else self.expected_next_12_months
        return f"{self.occupation.code}: {self.vacancies}, {self.hard_to_fill}, {expected}"
