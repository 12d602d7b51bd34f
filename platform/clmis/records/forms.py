from collections.abc import Callable

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db.models import Model
from django.utils.translation import get_language

from clmis.records.locking import StaleEdit
from modules.custom_fields.records import is_customisable
from modules.custom_fields.values import fields_of, form_field, form_value, values_merged
from modules.labels.selectors import labels_in
from modules.labels.targets import field_target


class NamedErrorsModelForm(forms.ModelForm):
    """A model form that shows a refusal about a field it does not show among its own errors, named."""

    def add_error(self, field, error):
        """Show an error about a field the form does not show among the form's own errors, named.

        A model's check (or a service) may name a field this form does not have — the settlement date of a
        closed case whose dates are edited, a field left out where a module is disabled; Django would
        raise. A hidden field's error would not be seen beside it either.
        """
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            shown: dict[str, list] = {}
            for name, errors in error.error_dict.items():
                hidden = name not in self.fields or self.fields[name].widget.is_hidden
                if name != NON_FIELD_ERRORS and hidden:
                    label = _field_label(self._meta.model, name)
                    errors = [f"{label}: {message}" for message in ValidationError(errors).messages]
                    name = NON_FIELD_ERRORS
                shown.setdefault(name, []).extend(errors)
            error = ValidationError(shown)
        super().add_error(field, error)


class VersionedModelForm(NamedErrorsModelForm):
    """A form for a Versioned record that carries the version it was read at, so a stale save is refused.

    A record a country may give fields of its own (Customisable) gets them after its own fields.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            self.initial["version"] = self.instance.version
        self.custom_fields = fields_of(self._meta.model) if is_customisable(self._meta.model) else []
        for definition in self.custom_fields:
            self.fields[definition.form_name] = form_field(definition)
            if not self.is_bound:
                value = form_value(definition, self.instance.custom.get(definition.key))
                self.initial.setdefault(definition.form_name, value)
        if is_customisable(self._meta.model):
            self._reword()

    def _reword(self) -> None:
        """The country's own wording of the fields, in the page's language (modules.labels)."""
        wording = labels_in(get_language())
        for name, field in self.fields.items():
            own = wording.get(field_target(self._meta.model, name))
            if own is not None:
                field.label = own[0]
                field.help_text = own[1] or field.help_text

    def values(self) -> dict:
        """The cleaned model fields, for a service (which does the saving, not the form), with the
        custom fields' values as the record's `custom`."""
        values = {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}
        if self.custom_fields:
            cleaned = {
                definition.key: self.cleaned_data.get(definition.form_name)
                for definition in self.custom_fields
                if definition.form_name in self.cleaned_data
            }
            values["custom"] = values_merged(self.custom_fields, cleaned, self.instance.custom)
        return values


def form_save(form: VersionedModelForm, save: Callable[[dict, int | None], Model]) -> Model | None:
    """Save a valid form through its service; refusals become form errors and nothing is saved.

    After a stale edit the form keeps what the person typed but carries the current version: they have
    been told what changed, and a second save is a deliberate choice, not a silent overwrite.
    """
    if not form.is_valid():
        return None
    try:
        return save(form.values(), form.cleaned_data.get("version"))
    except StaleEdit as error:
        form.add_error(None, error)
        form.data = form.data.copy()
        form.data["version"] = (
            type(form.instance).objects.values_list("version", flat=True).get(pk=form.instance.pk)
        )
    except ValidationError as error:
        form.add_error(None, error)
    return None


def _field_label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name
