"""The register of the public employment service (Form 24): job seekers, their education and experience,
and the country's registration rules."""

import datetime

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Replace, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clmis.audit.history import audited
from clmis.records.models import Versioned
from modules.casework.models import Case
from modules.casework.workflow import State, Transition, Workflow
from modules.reference.choices import Sex
from modules.reference.models import Code

# The youngest a person may register (the minimum working age in the region's labour codes).
MINIMUM_AGE = 14
# The national insurance number as compared: without spaces or dashes, in capitals ("KN-123 456" is
# "KN123456"). The same expression backs the unique index, so the duplicate search uses it.
NIS_KEY = Upper(Replace(Replace("nis_number", Value(" "), Value("")), Value("-"), Value("")))
# The profile the matching module ranks by: derived from the record, written by the services only.
PROFILE = ("match_occupations", "match_skills", "match_languages", "experience_months")


def nis_key(nis_number: str) -> str:
    """The national insurance number as NIS_KEY compares it."""
    return "".join(nis_number.split()).replace("-", "").upper()


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` earlier (28 February for a 29 February that year does not have)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Age in whole years on a day, as people state it."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


class Hours(models.TextChoices):
    """The hours a job seeker wants: the codes of a vacancy's hours, so that matching compares them."""

    FULL_TIME = "full_time", _("Full-time")
    PART_TIME = "part_time", _("Part-time")
    EITHER = "either", _("Full-time or part-time")


class JobSeeker(Case):
    """A person registered with the employment service: who they are, what they can do, what they seek.

    The case reference is the registration number and `opened_on` the registration date.
    """

    # Identification
    first_name = models.CharField(_("first name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    nis_number = models.CharField(_("national insurance number"), max_length=30, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"))
    nationality = models.ForeignKey(
        Code, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("nationality")
    )
    country_of_birth = models.ForeignKey(
        Code,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country of birth"),
    )
    district = models.ForeignKey(
        Code, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("district")
    )
    city = models.CharField(_("city or village"), max_length=100, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)

    # Education and training
    education_level = models.ForeignKey(
        Code,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("highest level of education completed"),
    )
    training = models.TextField(_("vocational training and certificates"), blank=True)

    # Skills, languages and what is sought
    skills = models.ManyToManyField(Code, blank=True, related_name="+", verbose_name=_("skills"))
    languages = models.ManyToManyField(Code, blank=True, related_name="+", verbose_name=_("languages"))
    occupations = models.ManyToManyField(Code, related_name="+", verbose_name=_("occupations sought"))
    preferred_districts = models.ManyToManyField(
        Code, blank=True, related_name="+", verbose_name=_("districts where they would work")
    )
    # The first occupation sought, which the reports count job seekers by (one GROUP BY, no join
    # through the occupations). Written by the services.
    first_occupation = models.ForeignKey(
        Code,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("first occupation sought"),
    )
    # History rows hold field values, not many-to-many links: the codes as saved make a change of
    # skills or occupations readable in the history and in a stale-edit refusal. Written by the services
    # (editable for the history, which compares editable fields only; no form or serializer offers them).
    occupation_codes = models.CharField(_("occupations sought"), max_length=100, blank=True)
    skill_codes = models.CharField(_("skills"), max_length=500, blank=True)
    language_codes = models.CharField(_("languages"), max_length=300, blank=True)
    district_codes = models.CharField(_("districts where they would work"), max_length=500, blank=True)
    hours = models.CharField(_("hours"), max_length=16, choices=Hours.choices, default=Hours.EITHER)
    willing_to_relocate = models.BooleanField(_("willing to move for work"), default=False)
    willing_to_work_abroad = models.BooleanField(_("willing to work abroad"), default=False)

    # Availability and the registration's life
    available_from = models.DateField(_("available from"), null=True, blank=True)
    renewed_on = models.DateField(
        _("registered or last renewed on"),
        null=True,
        blank=True,
        help_text=_("Set when registering and at each renewal; the registration lapses if not renewed."),
    )
    placed_on = models.DateField(_("placed on"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_duplicates",
        verbose_name=_("merged into"),
    )

    # The matching profile (see PROFILE): ISCO unit groups sought and from experience, skill and
    # language codes, and the months of experience (ongoing experience counted to the day computed).
    match_occupations = ArrayField(models.CharField(max_length=8), default=list, editable=False)
    match_skills = ArrayField(models.CharField(max_length=32), default=list, editable=False)
    match_languages = ArrayField(models.CharField(max_length=32), default=list, editable=False)
    experience_months = models.PositiveIntegerField(_("months of experience"), default=0, editable=False)
    history = audited(excluded_fields=PROFILE)

    # Who the case is about (clmis.personal_data): withheld from readers without the right, erased
    # on request or by the country's retention rule.
    personal_fields = (
        "first_name",
        "family_name",
        "nis_number",
        "birth_date",
        "street",
        "city",
        "phone",
        "email",
    )
    type_code = "JS"
    default_pattern = "JS-{seq:05}/{yyyy}"
    workflow = Workflow(
        states=(
            State("active", _("Active")),
            State("placed", _("Placed"), closed=True),
            State("lapsed", _("Lapsed"), closed=True),
            State("withdrawn", _("Withdrawn"), closed=True),
            # A duplicate registration merged into another; reached only through the merge service.
            State("merged", _("Merged into another registration"), closed=True),
        ),
        transitions=(
            Transition(
                "renew",
                _("Renew the registration"),
                ("active", "lapsed", "placed"),
                "active",
                "job_seekers.change_jobseeker",
                stamps=("renewed_on",),
            ),
            Transition(
                "place",
                _("Record a placement"),
                ("active",),
                "placed",
                "job_seekers.change_jobseeker",
                required=("placed_on",),
            ),
            Transition(
                "lapse",
                _("Lapse the registration"),
                ("active",),
                "lapsed",
                "job_seekers.lapse_jobseeker",
                system=True,
            ),
            Transition(
                "withdraw",
                _("Record withdrawal"),
                ("active",),
                "withdrawn",
                "job_seekers.change_jobseeker",
            ),
        ),
        initial="active",
    )

    class Meta:
        verbose_name = _("job seeker")
        verbose_name_plural = _("job seekers")
        permissions = [
            ("assign_jobseeker", _("Can assign job seekers to an officer")),
            ("merge_jobseeker", _("Can merge duplicate registrations of job seekers")),
            ("lapse_jobseeker", _("Can lapse registrations of job seekers")),
            ("export_jobseeker", _("Can export job seekers to Excel")),
        ]
        constraints = [
            models.UniqueConstraint(
                NIS_KEY,
                name="job_seeker_nis_once",
                condition=Q(merged_into__isnull=True) & ~Q(nis_number=""),
                violation_error_message=_(
                    "A job seeker with this national insurance number is already registered."
                ),
            ),
        ]
        indexes = [
            # The duplicate search by name and date of birth (iexact compares in capitals).
            models.Index(Upper("family_name"), "birth_date", name="job_seeker_name_birth"),
            GinIndex(fields=["match_occupations"], name="job_seeker_match_occupations"),
            GinIndex(fields=["match_skills"], name="job_seeker_match_skills"),
            GinIndex(fields=["match_languages"], name="job_seeker_match_languages"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("job_seekers:detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.family_name}".strip()

    @property
    def lapses_on(self) -> datetime.date | None:
        """The day an active registration lapses unless renewed before (None for any other)."""
        return self.lapses_under(RegistrationRules.current())

    def lapses_under(self, rules: "RegistrationRules") -> datetime.date | None:
        """lapses_on under rules already read (a list reads them once, not once a row)."""
        if self.status != "active" or self.renewed_on is None:
            return None
        return rules.lapse_date(self.renewed_on)

    def occupations_sought(self) -> list[Code]:
        """The occupations sought, the first one first (the order the officer gave it in)."""
        return sorted(
            self.occupations.all(), key=lambda code: (code.pk != self.first_occupation_id, code.code)
        )

    def clean(self) -> None:
        super().clean()
        self._placement_follows_status()
        errors = {}
        today = timezone.localdate()
        registered = self.opened_on or today
        if self.birth_date and self.birth_date > today:
            errors["birth_date"] = _("The date of birth cannot be in the future.")
        elif self.birth_date and age_on(self.birth_date, registered) < MINIMUM_AGE:
            errors["birth_date"] = _(
                "A job seeker must be at least %(minimum)d years old when registered; this date of birth "
                "makes them %(age)d."
            ) % {"minimum": MINIMUM_AGE, "age": max(age_on(self.birth_date, registered), 0)}
        if self.placed_on and self.placed_on > today:
            errors["placed_on"] = _("A placement cannot be recorded before it happens.")
        elif self.placed_on and self.opened_on and self.placed_on < self.opened_on:
            errors["placed_on"] = _("A job seeker cannot be placed before they registered.")
        if errors:
            raise ValidationError(errors)

    def _placement_follows_status(self) -> None:
        """Only a placed job seeker has a placement date: a renewed one is looking for work again and
        needs a new date when placed again. The former date stays in the history."""
        if self.status != "placed":
            self.placed_on = None

    def letter_context(self) -> dict:
        rules = RegistrationRules.current()
        return {
            **super().letter_context(),
            "name": self.full_name,
            "birth_date": self.birth_date,
            "nis_number": self.nis_number,
            "occupations": [str(code) for code in self.occupations_sought()],
            "registered_on": self.opened_on,
            "renewed_on": self.renewed_on,
            "lapses_on": self.lapses_on,
            "lapse_after_days": rules.lapse_after_days,
            "office_contact": rules.office_contact,
        }


class Education(Versioned):
    """A level of education or a course completed: the Form's education section, one row each."""

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="education")
    level = models.ForeignKey(Code, on_delete=models.PROTECT, related_name="+", verbose_name=_("level"))
    field_of_study = models.CharField(_("field of study"), max_length=200, blank=True)
    institution = models.CharField(_("school or institution"), max_length=200, blank=True)
    year_completed = models.PositiveSmallIntegerField(_("year completed"), null=True, blank=True)
    history = audited()

    class Meta:
        ordering = ["year_completed", "id"]
        verbose_name = _("education")
        verbose_name_plural = _("education")

    def __str__(self) -> str:
        completed = f" ({self.year_completed})" if self.year_completed else ""
        return f"{self.level.title}{completed}"

    def get_absolute_url(self) -> str:
        return reverse("job_seekers:detail", args=[self.job_seeker_id])

    def clean(self) -> None:
        super().clean()
        if self.year_completed is None or not self.job_seeker_id:
            return
        if self.year_completed > timezone.localdate().year:
            raise ValidationError({"year_completed": _("The year completed cannot be in the future.")})
        if self.year_completed < self.job_seeker.birth_date.year:
            raise ValidationError(
                {"year_completed": _("The year completed cannot be before the job seeker was born.")}
            )


class Experience(Versioned):
    """A job held: the Form's work experience section, one row each. Ongoing when it has no end."""

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="experience")
    occupation = models.ForeignKey(
        Code, on_delete=models.PROTECT, related_name="+", verbose_name=_("occupation (ISCO)")
    )
    employer_name = models.CharField(_("employer"), max_length=200, blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Empty if they still work there.")
    )
    duties = models.TextField(_("duties"), blank=True)
    history = audited()

    class Meta:
        ordering = ["-started_on", "id"]
        verbose_name = _("work experience")
        verbose_name_plural = _("work experience")

    def __str__(self) -> str:
        at = f", {self.employer_name}" if self.employer_name else ""
        return f"{self.occupation.title}{at}"

    def get_absolute_url(self) -> str:
        return reverse("job_seekers:detail", args=[self.job_seeker_id])

    def clean(self) -> None:
        super().clean()
        errors = {}
        today = timezone.localdate()
        if self.started_on and self.started_on > today:
            errors["started_on"] = _("Work experience cannot start in the future.")
        elif self.started_on and self.job_seeker_id and self.started_on < self.job_seeker.birth_date:
            errors["started_on"] = _("Work experience cannot start before the job seeker was born.")
        if self.ended_on and self.ended_on > today:
            errors["ended_on"] = _(
                "Leave the end empty for a job they still hold; it cannot be in the future."
            )
        elif self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("The end cannot be before the start.")
        if errors:
            raise ValidationError(errors)


LAPSE_TOO_SOON = _("Allow at least 30 days before a registration lapses.")
LAPSE_TOO_LATE = _("A registration lapses within ten years at most.")


class RegistrationRules(Versioned):
    """The country's rules for registrations: how long one stays active without renewal, and the
    employment service office's contact printed on the registration card. One row per country."""

    lapse_after_days = models.PositiveIntegerField(
        _("days before a registration lapses"),
        default=180,
        validators=[
            MinValueValidator(30, message=LAPSE_TOO_SOON),
            MaxValueValidator(3650, message=LAPSE_TOO_LATE),
        ],
        help_text=_("A registration not renewed within this many days lapses automatically."),
    )
    office_contact = models.TextField(
        _("employment service office"),
        blank=True,
        help_text=_("Address, telephone and opening hours, printed on the registration card."),
    )
    history = audited()

    class Meta:
        verbose_name = _("registration rules")
        verbose_name_plural = _("registration rules")
        constraints = [models.UniqueConstraint(Value(1), name="registration_rules_once")]

    def __str__(self) -> str:
        return str(_("Registration rules"))

    def get_absolute_url(self) -> str:
        return reverse("job_seekers:rules")

    @classmethod
    def current(cls) -> "RegistrationRules":
        """The country's rules, or the defaults (unsaved) until its administrator sets them."""
        return cls.objects.order_by("pk").first() or cls()

    def lapse_date(self, renewed_on: datetime.date) -> datetime.date:
        """The first day a registration renewed on that day is lapsed: the day after the period ends."""
        return renewed_on + datetime.timedelta(days=self.lapse_after_days + 1)
