"""Training programmes a country runs or funds, and the people enrolled in them."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clmis.audit.history import audited
from clmis.records.models import Customisable, Versioned
from modules.reference.choices import Sex
from modules.reference.models import Code

ISCO_UNIT_GROUPS = {"classification__key": "isco08", "level": 4}
ISIC_SECTIONS = {"classification__key": "isic4", "level": 1}


class TrainingProgramme(Versioned, Customisable):
    title = models.CharField(_("title"), max_length=200)
    provider = models.CharField(
        _("training provider"),
        max_length=200,
        help_text=_("The institution that gives the training: a college, a training centre, an employer."),
    )
    # What the programme trains for: an occupation where it is one, a sector where it is broader.
    occupation = models.ForeignKey(
        Code,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=ISCO_UNIT_GROUPS,
        verbose_name=_("occupation (ISCO)"),
    )
    sector = models.ForeignKey(
        Code,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=ISIC_SECTIONS,
        verbose_name=_("sector (ISIC section)"),
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    places = models.PositiveIntegerField(_("places"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = audited()

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("training programme")
        verbose_name_plural = _("training programmes")
        permissions = [("export_trainingprogramme", _("Can export training programmes to Excel"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="trainingprogramme_ends_after_start",
                violation_error_message=_("The programme cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=models.Q(places__gte=1),
                name="trainingprogramme_has_places",
                violation_error_message=_("A programme has at least one place."),
            ),
        ]
        indexes = [models.Index(fields=["title"], name="trainingprogramme_title")]

    def __str__(self) -> str:
        return f"{self.title} ({self.provider})"

    def get_absolute_url(self) -> str:
        return reverse("training_programmes:detail", args=[self.pk])


class Trainee(Versioned):
    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        COMPLETED = "completed", _("Completed")
        DROPPED_OUT = "dropped_out", _("Dropped out")

    # Those who hold a place: a trainee who dropped out gives it back.
    HOLDING_A_PLACE = (Status.ENROLLED, Status.COMPLETED)

    programme = models.ForeignKey(
        TrainingProgramme,
        on_delete=models.CASCADE,
        related_name="trainees",
        verbose_name=_("training programme"),
    )
    name = models.CharField(_("name"), max_length=200)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    date_of_birth = models.DateField(_("date of birth"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ENROLLED)
    history = audited()

    class Meta:
        ordering = ["name"]
        verbose_name = _("trainee")
        verbose_name_plural = _("trainees")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("training_programmes:trainee-edit", args=[self.pk])
