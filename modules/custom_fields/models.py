from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from clmis.audit.history import audited
from clmis.records.models import Versioned
from modules.custom_fields.records import record_type
from modules.reference.models import Classification

KEY_FORMAT = RegexValidator(
    r"^[a-z][a-z0-9_]{0,39}$",
    _("Use lower-case letters, digits and _, starting with a letter (at most 40), e.g. shop_steward."),
)


class CustomField(Versioned):
    """A field a country adds to one kind of record (complaints, employers...): its values are kept in
    the records' `custom` column under `key`, and it shows in forms, pages, lists, the API and exports.

    Never deleted, only taken out of use, so the values recorded with it stay readable in the history.
    """

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        NUMBER = "number", pgettext_lazy("kind of value", "Number")
        DATE = "date", _("Date")
        CHOICE = "choice", _("Choice from a code table")
        YES_NO = "yes_no", _("Yes or no")

    # The model's label, "complaints.complaint" (see records.record_types).
    record = models.CharField(_("record"), max_length=100)
    key = models.CharField(_("key"), max_length=40, validators=[KEY_FORMAT])
    label = models.CharField(_("label"), max_length=100)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    table = models.ForeignKey(
        Classification,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("code table"),
    )
    required = models.BooleanField(_("required"), default=False)
    in_list = models.BooleanField(_("shown as a column of the list"), default=False)
    filter = models.BooleanField(_("offered as a filter of the list"), default=False)
    position = models.PositiveSmallIntegerField(pgettext_lazy("place in an order", "position"), default=10)
    active = models.BooleanField(_("in use"), default=True)
    history = audited()

    class Meta:
        ordering = ["record", "position", "key"]
        verbose_name = _("custom field")
        verbose_name_plural = _("custom fields")
        constraints = [
            models.UniqueConstraint(
                fields=["record", "key"],
                name="custom_field_once",
                violation_error_message=_("This kind of record already has a field with this key."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind="choice", table__isnull=False)
                | (~models.Q(kind="choice") & models.Q(table__isnull=True)),
                name="custom_field_table_for_choice",
                violation_error_message=_("A choice needs a code table; other kinds take none."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("custom_fields:detail", args=[self.pk])

    @property
    def record_title(self) -> str:
        found = record_type(self.record)
        return found.title if found else self.record

    @property
    def form_name(self) -> str:
        """Its name in forms and in list filters and sorting: prefixed, so never a built-in's."""
        return f"custom_{self.key}"
