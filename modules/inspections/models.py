from django.conf import settings
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
from modules.reference.models import Code
from modules.workplaces.models import Workplace

# A complaint is linked through the case table: inspections need not install or enable complaints.
COMPLAINT_CASE_TYPE = "complaints.complaint"
# The states in which the visit has taken place: its date and the workers present are known.
VISITED = ("visited", "notices", "closed")


class Kind(models.TextChoices):
    PLANNED = "planned", _("Planned")
    COMPLAINT = "complaint", _("Complaint-driven")
    FOLLOW_UP = "follow_up", _("Follow-up of an earlier inspection")


class Finding(models.TextChoices):
    COMPLIANT = "compliant", _("Compliant")
    NOT_COMPLIANT = "not_compliant", _("Not compliant")
    NOT_CHECKED = "not_checked", _("Not checked")


class NoticeKind(models.TextChoices):
    IMPROVEMENT = "improvement", _("Improvement notice")
    PROHIBITION = "prohibition", _("Prohibition notice")
    WARNING = "warning", _("Warning")


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


class Inspection(Case):
    """A labour inspection of a workplace (Form 14): planned, visited, notices issued, closed by a supervisor.

    The assigned officer leads the inspection; `inspectors` are the officers who took part in the visit.
    """

    kind = models.CharField(
        _("kind of inspection"), max_length=16, choices=Kind.choices, default=Kind.PLANNED
    )
    workplace = models.ForeignKey(
        Workplace, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("workplace")
    )
    # The workplace's employer and activity when it was inspected, kept for the statistics of the year.
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("employer")
    )
    isic = models.ForeignKey(
        Code,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("economic activity (ISIC)"),
    )
    prompted_by = models.ForeignKey(
        Case,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("complaint"),
        help_text=_("The complaint that led to the inspection, where the complaints module is used."),
    )
    previous = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("follows up"),
    )
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="inspections_joined",
        verbose_name=_("inspectors"),
        help_text=_("The officers who took part in the visit besides the lead (the assigned officer)."),
    )
    visited_on = models.DateField(_("date of the visit"), null=True, blank=True)
    workers_women = models.PositiveIntegerField(_("women present"), null=True, blank=True)
    workers_men = models.PositiveIntegerField(_("men present"), null=True, blank=True)
    findings = models.TextField(_("on-the-spot findings"), blank=True)
    history = audited()

    type_code = "INS"
    default_pattern = "INS-{seq:05}/{yyyy}"
    workflow = Workflow(
        states=(
            State("planned", _("Planned")),
            State("visited", _("Visited")),
            State("notices", _("Notices issued")),
            State("closed", _("Closed"), closed=True),
            State("cancelled", _("Cancelled"), closed=True),
        ),
        transitions=(
            Transition(
                "visit",
                _("Record the visit"),
                ("planned",),
                "visited",
                "inspections.change_inspection",
                required=("visited_on",),
                optional=("workers_women", "workers_men", "findings"),
            ),
            Transition(
                "issue_notices",
                _("Issue the notices"),
                ("visited",),
                "notices",
                "inspections.change_inspection",
            ),
            Transition(
                "close",
                _("Close the inspection"),
                ("visited", "notices"),
                "closed",
                "inspections.close_inspection",
                required=("visited_on",),
                optional=("workers_women", "workers_men"),
            ),
            Transition(
                "cancel",
                _("Cancel the inspection"),
                ("planned",),
                "cancelled",
                "inspections.change_inspection",
            ),
            Transition(
                "reopen",
                _("Reopen"),
                ("closed",),
                "visited",
                "inspections.close_inspection",
            ),
        ),
        initial="planned",
    )

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        permissions = [
            ("assign_inspection", _("Can assign inspections")),
            ("close_inspection", _("Can close and reopen inspections")),
            ("export_inspection", _("Can export inspections to Excel")),
        ]

    def get_absolute_url(self) -> str:
        return reverse("inspections:detail", args=[self.pk])

    @property
    def workers_present(self) -> int | None:
        if self.workers_women is None and self.workers_men is None:
            return None
        return (self.workers_women or 0) + (self.workers_men or 0)

    @property
    def is_visited(self) -> bool:
        return self.status in VISITED

    def clean(self) -> None:
        super().clean()
        errors: dict[str, object] = {}
        today = timezone.localdate()
        if self.visited_on and self.visited_on > today:
            errors["visited_on"] = _("The date of the visit cannot be in the future.")
        elif self.visited_on and self.opened_on and self.visited_on < self.opened_on:
            errors["visited_on"] = _("The visit cannot be before the inspection was opened.")
        if self.kind == Kind.FOLLOW_UP and self.previous_id is None:
            errors["previous"] = _("A follow-up visit follows an earlier inspection: say which.")
        elif self.kind != Kind.FOLLOW_UP and self.previous_id is not None:
            errors["previous"] = _("Only a follow-up visit follows an earlier inspection.")
        elif self.previous_id is not None and self.pk is not None and self.previous_id == self.pk:
            errors["previous"] = _("An inspection cannot follow up itself.")
        elif self.previous_id is not None and self.previous.workplace_id != self.workplace_id:
            errors["previous"] = _("A follow-up visit is to the workplace inspected before.")
        if self.prompted_by_id is not None:
            if self.prompted_by.case_type != COMPLAINT_CASE_TYPE:
                errors["prompted_by"] = _("Choose a complaint.")
            elif self.kind != Kind.COMPLAINT:
                errors["prompted_by"] = _("Only a complaint-driven inspection is linked to a complaint.")
        if self.status in VISITED:
            needed = _("Needed once the workplace has been visited.")
            for field in ("visited_on", "workers_women", "workers_men"):
                if getattr(self, field) is None and field not in errors:
                    errors[field] = needed
        if errors:
            raise ValidationError(errors)
        if self.status == "notices" and self.pk is not None and not self.notices.exists():
            raise ValidationError(_("Record the notices to issue first (improvement, prohibition, warning)."))

    def letter_context(self) -> dict:
        leads = [self.assigned_to] if self.assigned_to else []
        return {
            **super().letter_context(),
            "kind": self.get_kind_display(),
            "employer": self.employer.name,
            "employer_address": self.employer.address,
            "workplace": self.workplace.name,
            "workplace_address": ", ".join(
                part
                for part in (
                    self.workplace.street,
                    self.workplace.city,
                    self.workplace.district.title if self.workplace.district else "",
                )
                if part
            ),
            "visited_on": self.visited_on,
            "workers_women": self.workers_women,
            "workers_men": self.workers_men,
            "workers_present": self.workers_present,
            "inspectors": ", ".join(_person(user) for user in [*leads, *self.inspectors.all()]),
            "findings": self.findings,
            "checklist": [
                {"area": item.area.title, "finding": item.get_finding_display(), "note": item.note}
                for item in self.checklist.select_related("area")
                if item.finding != Finding.NOT_CHECKED
            ],
            "violations": [
                {"area": v.area.title, "provision": v.provision, "description": v.description}
                for v in self.violations.select_related("area")
            ],
            "notices": [
                {
                    "kind": notice.get_kind_display(),
                    "requirement": notice.requirement,
                    "deadline": notice.deadline,
                    "complied_on": notice.complied_on,
                }
                for notice in self.notices.all()
            ],
            "penalties": [
                {"amount": p.amount, "imposed_on": p.imposed_on, "paid_on": p.paid_on}
                for p in self.penalties.all()
            ],
        }


class InspectionRecord(Versioned):
    """What is recorded beside an inspection, and only once its workplace has been visited.

    Subclasses declare `inspection = models.ForeignKey(Inspection, ..., related_name=<their own>)`.
    """

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse("inspections:detail", args=[self.inspection_id])

    def clean(self) -> None:
        super().clean()
        if self.inspection_id and self.inspection.visited_on is None:
            raise ValidationError(_("Record the visit of the inspection first."))


class ChecklistItem(Versioned):
    """One legal area of the inspection's checklist and what the inspector found about it."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="checklist")
    area = models.ForeignKey(Code, on_delete=models.PROTECT, related_name="+", verbose_name=_("area"))
    finding = models.CharField(
        _("finding"), max_length=16, choices=Finding.choices, default=Finding.NOT_CHECKED
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    history = audited()

    class Meta:
        ordering = ["area__path", "id"]
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "area"],
                name="inspection_area_once",
                violation_error_message=_("This area is already on the inspection's checklist."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.area.title}: {self.get_finding_display()}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:detail", args=[self.inspection_id])


class Violation(InspectionRecord):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="violations")
    area = models.ForeignKey(Code, on_delete=models.PROTECT, related_name="+", verbose_name=_("area"))
    provision = models.CharField(
        _("legal provision"),
        max_length=300,
        help_text=_("The law and section breached, e.g. “Labour Code s. 12(1)”."),
    )
    description = models.TextField(_("what was found"), blank=True)
    history = audited()

    class Meta:
        ordering = ["id"]
        verbose_name = _("violation")
        verbose_name_plural = _("violations")

    def __str__(self) -> str:
        return f"{self.area.title}: {self.provision}"


class Notice(InspectionRecord):
    """An order given to the employer: what must be done, by when, and when it was done."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("kind of notice"), max_length=16, choices=NoticeKind.choices)
    requirement = models.TextField(_("what must be done"))
    deadline = models.DateField(_("deadline"))
    complied_on = models.DateField(_("complied with on"), null=True, blank=True)
    history = audited()

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.deadline})"

    def clean(self) -> None:
        super().clean()
        visited = self.inspection.visited_on
        errors = {}
        if self.deadline and self.deadline <= visited:
            errors["deadline"] = _("The deadline must be after the visit.")
        if self.complied_on and self.complied_on < visited:
            errors["complied_on"] = _("A notice cannot be complied with before the visit.")
        elif self.complied_on and self.complied_on > timezone.localdate():
            errors["complied_on"] = _("This date cannot be in the future.")
        if errors:
            raise ValidationError(errors)


class Penalty(InspectionRecord):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="penalties")
    amount = models.DecimalField(
        _("amount"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0, message=_("An amount cannot be negative."))],
    )
    imposed_on = models.DateField(_("imposed on"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    history = audited()

    class Meta:
        ordering = ["imposed_on", "id"]
        verbose_name = _("penalty")
        verbose_name_plural = _("penalties")

    def __str__(self) -> str:
        return f"{self.amount} ({self.imposed_on})"

    def clean(self) -> None:
        super().clean()
        today, errors = timezone.localdate(), {}
        if self.imposed_on and self.imposed_on < self.inspection.visited_on:
            errors["imposed_on"] = _("A penalty cannot be imposed before the visit.")
        elif self.imposed_on and self.imposed_on > today:
            errors["imposed_on"] = _("This date cannot be in the future.")
        if self.paid_on and self.imposed_on and self.paid_on < self.imposed_on:
            errors["paid_on"] = _("A penalty cannot be paid before it was imposed.")
        elif self.paid_on and self.paid_on > today:
            errors["paid_on"] = _("This date cannot be in the future.")
        if errors:
            raise ValidationError(errors)
