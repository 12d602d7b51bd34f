from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
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
from modules.workplaces.models import Workplace

# The inspection is linked through the case table: accidents need not install or enable inspections.
INSPECTION_CASE_TYPE = "inspections.inspection"
OLDEST = 100


def _coded(table: str, label) -> models.ForeignKey:
    """A code of a national table, offered as a choice of that table's codes in the forms of transitions."""
    return models.ForeignKey(
        Code,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=label,
        limit_choices_to={"classification__key": table},
    )


class Accident(Case):
    """An occupational accident or disease notified by the employer, investigated, closed by a supervisor."""

    notified_on = models.DateField(_("date notified"), default=timezone.localdate)
    notified_by = models.CharField(
        _("notified by"), max_length=200, help_text=_("Who notified it for the employer, and their position.")
    )
    person_name = models.CharField(_("injured or ill person"), max_length=200)
    person_sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    person_birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    person_age = models.PositiveSmallIntegerField(
        _("age"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(OLDEST, message=_("Give an age of %(limit_value)s or less."))],
    )
    nationality = models.ForeignKey(
        Code, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("nationality")
    )
    occupation = models.ForeignKey(
        Code,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("occupation (ISCO)"),
    )
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="accidents", verbose_name=_("employer")
    )
    isic = models.ForeignKey(
        Code,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("economic activity (ISIC)"),
    )
    workplace = models.ForeignKey(
        Workplace,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accidents",
        verbose_name=_("workplace"),
    )
    occurred_on = models.DateField(_("date of the accident or diagnosis"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    description = models.TextField(_("what happened"), blank=True)
    is_disease = models.BooleanField(
        _("occupational disease"),
        default=False,
        help_text=_("A disease caused by the work, not an accident."),
    )
    fatal = models.BooleanField(_("fatal"), default=False)
    injury_type = _coded("injury_type", _("type of injury"))
    body_part = _coded("body_part", _("part of the body"))
    agency = _coded("accident_agency", _("agency or cause"))
    days_lost = models.PositiveIntegerField(
        _("days lost"), default=0, help_text=_("Calendar days the person could not work.")
    )
    spot_findings = models.TextField(_("on-the-spot findings"), blank=True)
    inspection_visit = models.ForeignKey(
        Case,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inspection"),
        help_text=_("The inspection at which the findings were made, where the inspections module is used."),
    )
    history = audited()

    # Who the case is about (clmis.personal_data): withheld from readers without the right, erased
    # on request or by the country's retention rule.
    personal_fields = ("person_name", "person_birth_date")
    type_code = "OAD"
    default_pattern = "OAD-{seq:05}/{yyyy}"
    workflow = Workflow(
        states=(
            State("notified", _("Notified")),
            State("investigating", _("Under investigation")),
            State("closed", _("Closed"), closed=True),
        ),
        transitions=(
            Transition(
                "investigate",
                _("Start investigation"),
                ("notified",),
                "investigating",
                "accidents.change_accident",
            ),
            Transition(
                "close",
                _("Close"),
                ("investigating",),
                "closed",
                "accidents.close_accident",
                optional=("injury_type", "body_part", "agency", "days_lost"),
            ),
            Transition(
                "reopen",
                _("Reopen"),
                ("closed",),
                "investigating",
                "accidents.close_accident",
            ),
        ),
        initial="notified",
    )

    class Meta:
        verbose_name = _("occupational accident or disease")
        verbose_name_plural = _("occupational accidents and diseases")
        permissions = [
            ("assign_accident", _("Can assign accidents and diseases")),
            ("close_accident", _("Can close and reopen accidents and diseases")),
            ("export_accident", _("Can export accidents and diseases to Excel")),
        ]

    def get_absolute_url(self) -> str:
        return reverse("accidents:detail", args=[self.pk])

    @property
    def age(self) -> int | None:
        """The age given, or the one reached on the day of the accident or diagnosis."""
        if self.person_age is not None or not (self.person_birth_date and self.occurred_on):
            return self.person_age
        born, on = self.person_birth_date, self.occurred_on
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))

    def clean(self) -> None:
        super().clean()
        today, errors = timezone.localdate(), {}
        if self.occurred_on and self.occurred_on > today:
            errors["occurred_on"] = _("The date of the accident or diagnosis cannot be in the future.")
        if self.notified_on and self.occurred_on and self.notified_on < self.occurred_on:
            errors["notified_on"] = _("It cannot be notified before it happened.")
        elif self.notified_on and self.opened_on and self.notified_on > self.opened_on:
            errors["notified_on"] = _("It cannot be notified after it was registered.")
        if self.person_birth_date is None and self.person_age is None:
            errors["person_age"] = _("Give the age or the date of birth.")
        elif self.person_birth_date and self.occurred_on and self.person_birth_date >= self.occurred_on:
            errors["person_birth_date"] = _("The date of birth must be before the accident or diagnosis.")
        elif self.person_birth_date and self.person_age is not None and self.occurred_on:
            born, on = self.person_birth_date, self.occurred_on
            reached = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
            if reached != self.person_age:
                errors["person_age"] = _("The date of birth gives an age of %(age)s on that day.") % {
                    "age": reached
                }
        if self.workplace_id and self.employer_id and self.workplace.employer_id != self.employer_id:
            errors["workplace"] = _("Choose a workplace of the employer.")
        if self.inspection_visit_id and self.inspection_visit.case_type != INSPECTION_CASE_TYPE:
            errors["inspection_visit"] = _("Choose an inspection.")
        if self.status == "closed" and not self.is_disease:
            needed = _("Needed to close the case of an accident.")
            for field in ("injury_type", "body_part", "agency"):
                if getattr(self, field) is None:
                    errors[field] = needed
        if errors:
            raise ValidationError(errors)

    def letter_context(self) -> dict:
        return {
            **super().letter_context(),
            "employer": self.employer.name,
            "employer_address": self.employer.address,
            "notified_on": self.notified_on,
            "notified_by": self.notified_by,
            "person": self.person_name,
            "occurred_on": self.occurred_on,
            "place": self.place,
            "is_disease": self.is_disease,
            "fatal": self.fatal,
            "injury_type": self.injury_type.title if self.injury_type else "",
        }


class MedicalReport(Versioned):
    """The medical practitioner's report on the injured or ill person: diagnosis and days of incapacity."""

    accident = models.ForeignKey(Accident, on_delete=models.CASCADE, related_name="medical_reports")
    practitioner = models.CharField(_("medical practitioner"), max_length=200)
    reported_on = models.DateField(_("date of the report"))
    diagnosis = models.TextField(_("diagnosis"))
    days_incapacity = models.PositiveIntegerField(_("days of incapacity"), default=0)
    history = audited()

    class Meta:
        ordering = ["reported_on", "id"]
        verbose_name = _("medical report")
        verbose_name_plural = _("medical reports")

    def __str__(self) -> str:
        return f"{self.practitioner} ({self.reported_on})"

    def get_absolute_url(self) -> str:
        return reverse("accidents:detail", args=[self.accident_id])

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.reported_on and self.accident_id and self.reported_on < self.accident.occurred_on:
            errors["reported_on"] = _("A medical report cannot be before the accident or diagnosis.")
        elif self.reported_on and self.reported_on > timezone.localdate():
            errors["reported_on"] = _("The date of the report cannot be in the future.")
        if errors:
            raise ValidationError(errors)
