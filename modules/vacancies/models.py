from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clmis.audit.history import audited
from modules.casework.models import Case
from modules.casework.workflow import State, Transition, Workflow
from modules.employers.models import Employer
from modules.reference.models import Code

SKILLS = {"classification__key": "skill"}
LANGUAGES = {"classification__key": "language"}
NOT_NEGATIVE = [MinValueValidator(0, message=_("A wage cannot be negative."))]
AT_LEAST_ONE_POST = [MinValueValidator(1, message=_("A vacancy has at least one post."))]


class WagePeriod(models.TextChoices):
    HOUR = "hour", _("per hour")
    DAY = "day", _("per day")
    WEEK = "week", _("per week")
    FORTNIGHT = "fortnight", _("per fortnight")
    MONTH = "month", _("per month")


class Contract(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    FIXED_TERM = "fixed_term", _("Fixed term")
    SEASONAL = "seasonal", _("Seasonal")
    CASUAL = "casual", _("Casual")


class Hours(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time")
    PART_TIME = "part_time", _("Part-time")


class ClosingReason(models.TextChoices):
    DATE_PASSED = "date_passed", _("The closing date has passed")
    NOT_NEEDED = "not_needed", _("The employer no longer needs it")
    FILLED_OTHERWISE = "filled_otherwise", _("Filled by the employer without the Department")


class WorkRequest(Case):
    """An employer's request that the employment service recruit for it: from it come vacancies."""

    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="work_requests", verbose_name=_("employer")
    )
    contact_person = models.CharField(
        _("contact person"),
        max_length=200,
        blank=True,
        help_text=_("Who at the employer speaks for the request: the acknowledgment is addressed to them."),
    )
    occupation = models.ForeignKey(
        Code, on_delete=models.PROTECT, related_name="+", verbose_name=_("occupation (ISCO)")
    )
    posts = models.PositiveIntegerField(
        _("posts"),
        default=1,
        validators=[MinValueValidator(1, message=_("A request is for at least one post."))],
    )
    description = models.TextField(_("what the employer asks for"), blank=True)
    needed_by = models.DateField(_("needed by"), null=True, blank=True)
    history = audited()

    type_code = "WRQ"
    default_pattern = "WRQ-{seq:05}/{yyyy}"
    letter_keys = ("vacancies/work_request_acknowledgment",)
    workflow = Workflow(
        states=(
            State("received", _("Received")),
            State("in_progress", _("In progress")),
            State("completed", _("Completed"), closed=True),
            State("cancelled", _("Cancelled"), closed=True),
        ),
        transitions=(
            Transition(
                "start", _("Start recruiting"), ("received",), "in_progress", "vacancies.change_workrequest"
            ),
            Transition(
                "complete",
                _("Record completion"),
                ("in_progress",),
                "completed",
                "vacancies.change_workrequest",
            ),
            Transition(
                "cancel",
                _("Record cancellation"),
                ("received", "in_progress"),
                "cancelled",
                "vacancies.decide_workrequest",
            ),
            Transition(
                "reopen",
                _("Reopen"),
                ("completed", "cancelled"),
                "in_progress",
                "vacancies.decide_workrequest",
            ),
        ),
        initial="received",
    )

    class Meta:
        verbose_name = _("work request")
        verbose_name_plural = _("work requests")
        permissions = [
            ("assign_workrequest", _("Can assign work requests")),
            ("decide_workrequest", _("Can cancel and reopen work requests")),
            ("export_workrequest", _("Can export work requests to Excel")),
        ]

    def get_absolute_url(self) -> str:
        return reverse("vacancies:work-request-detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.needed_by and self.opened_on and self.needed_by < self.opened_on:
            raise ValidationError(
                {"needed_by": _("The workers cannot be needed before the request was received.")}
            )

    def letter_context(self) -> dict:
        return {
            **super().letter_context(),
            "employer": self.employer.name,
            "employer_address": self.employer.address,
            "contact_person": self.contact_person,
            "occupation": self.occupation.title,
            "posts": self.posts,
            "needed_by": self.needed_by,
        }


class Vacancy(Case):
    """A vacancy an employer notifies to the employment service (Form 25): posts to fill by referrals."""

    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="vacancies", verbose_name=_("employer")
    )
    title = models.CharField(_("job title"), max_length=200)
    occupation = models.ForeignKey(
        Code, on_delete=models.PROTECT, related_name="+", verbose_name=_("occupation (ISCO)")
    )
    posts = models.PositiveIntegerField(_("posts"), default=1, validators=AT_LEAST_ONE_POST)
    # Written by vacancy_post_filled / vacancy_post_released only (placements), never entered: no form
    # or serializer takes it (it stays editable so that the history shows it change).
    posts_filled = models.PositiveIntegerField(_("posts filled"), default=0)
    district = models.ForeignKey(
        Code, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("district")
    )
    place_of_work = models.CharField(_("place of work"), max_length=300, blank=True)
    education_level = models.ForeignKey(
        Code,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minimum education"),
    )
    experience_years = models.PositiveSmallIntegerField(
        _("years of experience"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=_("Years of experience cannot be negative."))],
    )
    skills = models.ManyToManyField(
        Code, blank=True, related_name="+", limit_choices_to=SKILLS, verbose_name=_("skills")
    )
    languages = models.ManyToManyField(
        Code, blank=True, related_name="+", limit_choices_to=LANGUAGES, verbose_name=_("languages")
    )
    requirements = models.TextField(_("other requirements"), blank=True)
    wage_min = models.DecimalField(
        _("wage from"), max_digits=10, decimal_places=2, null=True, blank=True, validators=NOT_NEGATIVE
    )
    wage_max = models.DecimalField(
        _("wage up to"), max_digits=10, decimal_places=2, null=True, blank=True, validators=NOT_NEGATIVE
    )
    wage_period = models.CharField(_("wage period"), max_length=16, choices=WagePeriod.choices, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, message=_("Hours per week are between 1 and 84.")),
            MaxValueValidator(84, message=_("Hours per week are between 1 and 84.")),
        ],
    )
    contract = models.CharField(_("contract"), max_length=16, choices=Contract.choices)
    hours = models.CharField(_("hours"), max_length=16, choices=Hours.choices, default=Hours.FULL_TIME)
    closes_on = models.DateField(_("closing date"), help_text=_("The last day applications are taken."))
    starts_on = models.DateField(_("starting date"), null=True, blank=True)
    work_request = models.ForeignKey(
        WorkRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vacancies",
        verbose_name=_("work request"),
    )
    closing_reason = models.CharField(
        _("closing reason"), max_length=16, choices=ClosingReason.choices, blank=True
    )
    # The matching profile: the skill and language codes, kept beside the many-to-many links by the
    # services whenever those change, so that ranking thousands of vacancies for a job seeker is one
    # query over indexed arrays (no join). They also make a change of skills readable in the history.
    # No form or serializer writes them.
    match_skills = ArrayField(
        models.CharField(max_length=32), default=list, blank=True, verbose_name=_("skills")
    )
    match_languages = ArrayField(
        models.CharField(max_length=32), default=list, blank=True, verbose_name=_("languages")
    )
    history = audited()

    type_code = "VAC"
    default_pattern = "VAC-{seq:05}/{yyyy}"
    letter_keys = ("vacancies/acknowledgment",)
    workflow = Workflow(
        states=(
            State("open", _("Open")),
            State("filled", _("Filled"), closed=True),
            State("closed", _("Closed"), closed=True),
            State("cancelled", _("Cancelled"), closed=True),
        ),
        transitions=(
            Transition(
                "close",
                _("Close"),
                ("open",),
                "closed",
                "vacancies.change_vacancy",
                required=("closing_reason",),
            ),
            Transition(
                "cancel",
                _("Record cancellation by the employer"),
                ("open",),
                "cancelled",
                "vacancies.decide_vacancy",
            ),
            Transition(
                "reopen",
                _("Reopen"),
                ("closed", "cancelled"),
                "open",
                "vacancies.decide_vacancy",
                optional=("closes_on",),
            ),
            # Placements fill posts (vacancy_post_filled); the last one fills the vacancy, and a
            # placement undone reopens it (vacancy_post_released).
            Transition(
                "fill", _("All posts filled"), ("open",), "filled", "vacancies.change_vacancy", automatic=True
            ),
            Transition(
                "release", _("Post released"), ("filled",), "open", "vacancies.change_vacancy", automatic=True
            ),
        ),
        initial="open",
    )

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        permissions = [
            ("assign_vacancy", _("Can assign vacancies")),
            ("decide_vacancy", _("Can cancel and reopen vacancies")),
            ("export_vacancy", _("Can export vacancies to Excel")),
        ]
        indexes = [
            GinIndex(fields=["match_skills"], name="vacancy_match_skills"),
            GinIndex(fields=["match_languages"], name="vacancy_match_languages"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("vacancies:detail", args=[self.pk])

    @property
    def posts_open(self) -> int:
        return self.posts - self.posts_filled

    def clean(self) -> None:
        super().clean()
        if (
            self.status != "closed"
        ):  # a reopened vacancy is no longer closed for that reason (history keeps it)
            self.closing_reason = ""
        errors = {}
        if self.wage_min is not None and self.wage_max is not None and self.wage_min > self.wage_max:
            errors["wage_max"] = _("The wage up to cannot be less than the wage from.")
        if (self.wage_min is not None or self.wage_max is not None) and not self.wage_period:
            errors["wage_period"] = _("Say whether the wage is per hour, day, week, fortnight or month.")
        if self.closes_on and self.opened_on and self.closes_on < self.opened_on:
            errors["closes_on"] = _("The closing date cannot be before the vacancy was registered.")
        if self.starts_on and self.opened_on and self.starts_on < self.opened_on:
            errors["starts_on"] = _("The starting date cannot be before the vacancy was registered.")
        if self.posts and self.posts_filled > self.posts:
            errors["posts"] = _(
                "%(filled)d posts are filled already: the vacancy cannot have fewer posts."
            ) % {"filled": self.posts_filled}
        elif self.status == "filled" and self.posts_filled != self.posts:
            errors["posts"] = _(
                "Every post of this vacancy is filled: to recruit for more, register a new vacancy."
            )
        if errors:
            raise ValidationError(errors)

    def letter_context(self) -> dict:
        return {
            **super().letter_context(),
            "employer": self.employer.name,
            "employer_address": self.employer.address,
            "title": self.title,
            "occupation": self.occupation.title,
            "posts": self.posts,
            "posts_filled": self.posts_filled,
            "closes_on": self.closes_on,
            "starts_on": self.starts_on,
            "place_of_work": self.place_of_work,
            "contract": self.get_contract_display(),
            "hours": self.get_hours_display(),
            "work_request": self.work_request.reference if self.work_request_id else "",
        }
