import dataclasses
import uuid
from collections.abc import Mapping
from pathlib import PurePath

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from clmis.audit.history import audited
from clmis.records.models import Customisable, Versioned
from modules.casework.country_workflow import CountryWorkflow
from modules.casework.numbering import Numbering, pattern_check
from modules.casework.workflow import Workflow


class Case(Versioned, Customisable):
    """What every case has, whatever its module: the concrete case types inherit from it (one table each).

    One table of all cases gives one numbering space, one timeline and one place to ask "what is open,
    overdue, and with whom" across modules. Subclasses declare `workflow`, `type_code` (for numbers) and
    `default_pattern`, and their own `history = audited()`.
    """

    # The fields naming the person the case is about, if any (clmis.personal_data).
    personal_fields: tuple[str, ...] = ()
    case_type = models.CharField(_("case type"), max_length=64, editable=False)
    reference = models.CharField(_("reference number"), max_length=40, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=32)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("assigned to"),
    )
    opened_on = models.DateField(_("opened"), default=timezone.localdate)
    due_on = models.DateField(_("due"), null=True, blank=True)
    closed_on = models.DateField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    type_code = "CASE"
    default_pattern = "{TYPE}-{seq:05}/{yyyy}"
    # Which of its module's letters (manifest `letters`) this case type produces, by key, when a module
    # has case types that write different letters; None for all of them.
    letter_keys: tuple[str, ...] | None = None
    # Numbers the case type gives besides its reference (a permit number on approval), each with its own
    # counters and a pattern the country may set.
    other_numberings: tuple[Numbering, ...] = ()

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["case_type", "status"], name="case_type_status"),
            models.Index(fields=["assigned_to", "status"], name="case_officer_status"),
            models.Index(fields=["due_on"], name="case_due"),
        ]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # The module's workflow, as each country has it (its optional states): see country_workflow.
        shipped = cls.__dict__.get("workflow")
        if isinstance(shipped, Workflow):
            cls.workflow = CountryWorkflow(shipped)

    def __str__(self) -> str:
        return self.reference

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.due_on and self.opened_on and self.due_on < self.opened_on:
            errors["due_on"] = _("The due date cannot be before the case was opened.")
        if self.opened_on and self.opened_on > timezone.localdate():
            errors["opened_on"] = _("A case cannot be opened in the future.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    @property
    def overdue(self) -> bool:
        return not self.is_closed and self.due_on is not None and self.due_on < timezone.localdate()

    @property
    def status_label(self) -> str:
        return self.concrete_model().workflow.label(self.status)

    @classmethod
    def numberings(cls) -> tuple[Numbering, ...]:
        """The numbering spaces of the case type, its references first, each knowing its case type."""
        reference = Numbering(
            key=cls._meta.label_lower,
            label=format_lazy(_("references of {cases}"), cases=cls._meta.verbose_name_plural),
            type_code=cls.type_code,
            default_pattern=cls.default_pattern,
        )
        return tuple(
            dataclasses.replace(numbering, model=cls) for numbering in (reference, *cls.other_numberings)
        )

    def concrete_model(self) -> type["Case"]:
        return apps.get_model(self.case_type)

    def concrete(self) -> "Case":
        """The case as its own type (a Complaint, an Inspection...), whichever table it was read from."""
        model = self.concrete_model()
        return self if isinstance(self, model) else model.objects.get(pk=self.pk)

    def permission(self, action: str) -> str:
        """ "view", "change"... as the concrete type's permission, e.g. "complaints.view_complaint"."""
        model = self.concrete_model()
        return f"{model._meta.app_label}.{action}_{model._meta.model_name}"

    def transition_values(self, action: str, values: Mapping[str, object]) -> dict:
        """Values the case sets itself when it takes the transition `action`, besides its status: a
        decision date, a number given on approval. Asked once the transition is allowed and its fields
        filled, inside the transition's transaction, so nothing of it is kept if the save is refused.
        None by default."""
        return {}

    def letter_available(self, key: str) -> bool:
        """Whether the letter `key` can be produced for the case as it stands (a permit certificate only
        for an approved permit). Every letter, always, by default."""
        return True

    def letter_context(self) -> dict:
        """Plain values a letter template may use. Subclasses add their own; never model instances."""
        officer = self.assigned_to
        return {
            "case_type": str(self.concrete_model()._meta.verbose_name),
            "reference": self.reference,
            "status": self.status_label,
            "opened_on": self.opened_on,
            "due_on": self.due_on,
            "closed_on": self.closed_on,
            "officer": (officer.get_full_name() or officer.get_username()) if officer else "",
            "events": [
                {"at": event.at, "what": event.get_kind_display(), "text": event.text}
                for event in self.events.filter(internal=False)
            ],
        }


class CaseEvent(models.Model):
    """One line of a case's timeline: opened, status changes, assignment, notes, documents, letters, edits."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Opened")
        STATUS = "status", _("Status changed")
        ASSIGNED = "assigned", _("Assigned")
        NOTE = "note", _("Note")
        MEETING = "meeting", _("Meeting or hearing")
        DOCUMENT = "document", _("Document attached")
        LETTER = "letter", _("Letter issued")
        EDITED = "edited", _("Details changed")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what"), max_length=16, choices=Kind.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.CharField(_("by"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    # Internal events (notes) stay out of statements sent to the parties.
    internal = models.BooleanField(_("internal"), default=False)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text}"


def document_path(instance: "CaseDocument", filename: str) -> str:
    """Per country, per case, under a random name: the original name is kept in the row, not the path."""
    suffix = PurePath(filename).suffix.lower()
    return f"{connection.schema_name}/cases/{instance.case_id}/{uuid.uuid4().hex}{suffix}"


class CaseDocument(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to=document_path, max_length=300)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_at = models.DateTimeField(_("attached"), auto_now_add=True)
    actor = models.CharField(_("by"), max_length=200)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.name


class LetterTemplate(models.Model):
    """A country's own wording of a letter, replacing the one shipped with the module (per language)."""

    key = models.CharField(_("letter"), max_length=100)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    history = audited()

    class Meta:
        ordering = ["key", "language"]
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        constraints = [models.UniqueConstraint(fields=["key", "language"], name="letter_template_once")]

    def __str__(self) -> str:
        return f"{self.key} ({self.language})"


class Letter(models.Model):
    """A letter or statement as issued: the text is kept, so what was sent can always be shown again."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="letters")
    template_key = models.CharField(_("letter"), max_length=100)
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=200)
    html = models.TextField()
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    actor = models.CharField(_("by"), max_length=200)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")

    def __str__(self) -> str:
        return self.subject


class NumberingRule(models.Model):
    """A country's reference-number pattern for a case type (otherwise the type's default applies)."""

    case_type = models.CharField(_("case type"), max_length=64, unique=True)
    pattern = models.CharField(_("pattern"), max_length=40, validators=[pattern_check])
    history = audited()

    class Meta:
        verbose_name = _("numbering rule")
        verbose_name_plural = _("numbering rules")

    def __str__(self) -> str:
        return f"{self.case_type}: {self.pattern}"


class CaseCounter(models.Model):
    """The last number given per case type and pattern scope (e.g. per year). Written only by numbering."""

    case_type = models.CharField(max_length=64)
    scope = models.CharField(max_length=40)
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case_type", "scope"], name="case_counter_once")]

    def __str__(self) -> str:
        return f"{self.case_type} {self.scope}: {self.last_value}"


class ExtraState(Versioned):
    """A state a country adds to a case type's workflow: a side step from one of its open states and
    back (awaiting documents, with the legal officer), never one that closes the case. The module's own
    states and transitions stay as they are (see modules.casework.country_workflow)."""

    case_type = models.CharField(_("case type"), max_length=64)
    key = models.SlugField(_("key"), max_length=32)
    label = models.CharField(_("name"), max_length=100)
    after = models.CharField(_("taken from the state"), max_length=32)
    history = audited()

    class Meta:
        ordering = ["case_type", "key"]
        verbose_name = _("optional state")
        verbose_name_plural = _("optional states")
        constraints = [
            models.UniqueConstraint(
                fields=["case_type", "key"],
                name="extra_state_once",
                violation_error_message=_("This case type already has a state with this key."),
            )
        ]

    def __str__(self) -> str:
        return self.label


class StateDeadline(Versioned):
    """How many days a case may stay in a state: entering it sets the case's due date that far ahead."""

    case_type = models.CharField(_("case type"), max_length=64)
    state = models.CharField(_("state"), max_length=32)
    days = models.PositiveSmallIntegerField(
        _("days"), validators=[MinValueValidator(1), MaxValueValidator(3650)]
    )
    history = audited()

    class Meta:
        ordering = ["case_type", "state"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        constraints = [models.UniqueConstraint(fields=["case_type", "state"], name="state_deadline_once")]

    def __str__(self) -> str:
        return f"{self.case_type} {self.state}: {self.days}"
