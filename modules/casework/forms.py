from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    description = forms.CharField(label=_("Description"), max_length=300, required=False)


class LetterForm(forms.Form):
    key = forms.ChoiceField(label=_("Letter"))
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    def __init__(self, *args, letters: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = letters


class TransitionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AssignForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("Officer"), queryset=None)
    due_on = forms.DateField(label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers


class LetterWordingForm(forms.Form):
    """A country's wording of a letter, and the case to preview it on before saving it."""

    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_(
            "HTML, with values written {{ reference }} and tags such as {% if %} and {% for %}. The values "
            "this letter can use are listed below."
        ),
    )
    case = forms.CharField(
        label=_("Preview on case"),
        required=False,
        max_length=40,
        help_text=_("A case's reference number. Left empty, the latest case that can have this letter."),
    )


class NumberingForm(forms.Form):
    pattern = forms.CharField(
        label=_("Pattern"),
        max_length=40,
        help_text=_(
            "{seq} is the running number ({seq:05} writes it with 5 digits), {yyyy} or {yy} the year, "
            "{mm} the month, {MONTH} its name, {CC} the country's code, {TYPE} the kind of case's code. "
            "The running number starts again at 1 whenever the rest of the number changes (each year "
            "with {yyyy})."
        ),
    )


class ErasureForm(forms.Form):
    request_reference = forms.CharField(
        label=_("Reference of the request"),
        max_length=100,
        help_text=_("The letter, e-mail or form by which the person asked, as filed."),
    )
    confirmed = forms.BooleanField(
        label=_("I understand that the person's data cannot be brought back once erased."),
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )
