"""A country's settings for its cases, set by its national LMIS administrator: the wording of its
letters (per language, previewed on a real case before saving) and the patterns of its numbers."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from clmis.audit.history import history_of
from modules.casework.forms import LetterWordingForm, NumberingForm
from modules.casework.models import LetterTemplate, NumberingRule
from modules.casework.numbering import Numbering
from modules.casework.selectors import (
    LetterKind,
    LetterPreview,
    letter_offered,
    letter_preview,
    letter_values,
    letter_wording,
    letter_wordings,
    numbering_in_force,
    numbering_of,
    numberings_in_force,
)
from modules.casework.services import (
    letter_template_delete,
    letter_template_save,
    numbering_rule_delete,
    numbering_rule_save,
)

LETTERS_VIEW = "casework.view_lettertemplate"
LETTERS_CHANGE = "casework.change_lettertemplate"
NUMBERING_VIEW = "casework.view_numberingrule"
NUMBERING_CHANGE = "casework.change_numberingrule"


@login_required
@permission_required(LETTERS_VIEW, raise_exception=True)
def letter_list(request: HttpRequest) -> HttpResponse:
    """Every letter the country's modules produce, in every language, with whose wording it has."""
    context = {"letters": letter_wordings(request.modules), "languages": settings.LANGUAGES}
    return render(request, "casework/letter_settings.html", context)


@login_required
@permission_required(LETTERS_VIEW, raise_exception=True)
@require_http_methods(["GET", "POST"])
def letter_edit(request: HttpRequest, key: str, language: str) -> HttpResponse:
    """A letter's wording in a language: previewed on a case (action "preview", nothing saved), saved
    ("save"), or given up for the shipped one ("shipped")."""
    letter = _letter_or_404(request, key, language)
    action = request.POST.get("action", "preview")
    if request.method == "POST" and action == "shipped":
        return _back_to_shipped(request, letter, language)
    wording = letter_wording(letter, language)
    text = wording.text()
    form = LetterWordingForm(request.POST or None, initial={"subject": text.subject, "body": text.html})
    preview = None
    if request.method == "POST" and form.is_valid():
        if action == "save":
            if _wording_saved(request, letter, language, form, wording.own):
                return redirect("letter_settings:list")
        else:
            preview = _preview(request, letter, language, form)
    context = {
        "wording": wording,
        "form": form,
        "preview": preview,
        "values": sorted(letter_values(letter)),
        "history": history_of(
            LetterTemplate(), records=LetterTemplate.history.filter(key=key, language=language)
        ),
    }
    return render(request, "casework/letter_setting_form.html", context)


@login_required
@permission_required(NUMBERING_VIEW, raise_exception=True)
def numbering_list(request: HttpRequest) -> HttpResponse:
    """Every numbering of the country's case types, its pattern and the number it would give next."""
    numberings = numberings_in_force(request.modules, on=timezone.localdate())
    return render(request, "casework/numbering_settings.html", {"numberings": numberings})


@login_required
@permission_required(NUMBERING_VIEW, raise_exception=True)
@require_http_methods(["GET", "POST"])
def numbering_edit(request: HttpRequest, key: str) -> HttpResponse:
    """A numbering's pattern: set ("save") or given up for the default ("default")."""
    numbering = numbering_of(request.modules, key)
    if numbering is None:
        raise Http404
    if request.method == "POST" and request.POST.get("action") == "default":
        return _back_to_default(request, numbering)
    found = numbering_in_force(numbering, on=timezone.localdate())
    form = NumberingForm(request.POST or None, initial={"pattern": found.pattern})
    if request.method == "POST" and _pattern_saved(request, numbering, form, found.own):
        return redirect("numbering_settings:list")
    context = {
        "found": found,
        "form": form,
        "history": history_of(NumberingRule(), records=NumberingRule.history.filter(case_type=key)),
    }
    return render(request, "casework/numbering_setting_form.html", context)


def _letter_or_404(request: HttpRequest, key: str, language: str) -> LetterKind:
    letter = letter_offered(request.modules, key)
    if letter is None or language not in dict(settings.LANGUAGES):
        raise Http404
    return letter


def _preview(request: HttpRequest, letter: LetterKind, language: str, form) -> LetterPreview | None:
    try:
        return letter_preview(
            letter,
            request.user,
            language=language,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            reference=form.cleaned_data["case"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return None


def _wording_saved(request: HttpRequest, letter: LetterKind, language: str, form, own) -> bool:
    """Save the form's wording through the service; a refusal is shown on the form, nothing saved."""
    _may(request, LETTERS_CHANGE if own else "casework.add_lettertemplate")
    try:
        letter_template_save(
            letter=letter,
            language=language,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            by=request.user,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    messages.success(
        request,
        _("The country's wording of %(letter)s in %(language)s is saved: letters issued from now on use it.")
        % {"letter": letter.label, "language": dict(settings.LANGUAGES)[language]},
    )
    return True


def _back_to_shipped(request: HttpRequest, letter: LetterKind, language: str) -> HttpResponse:
    # Going back changes the country's wording; the role is granted no deletion of anything.
    _may(request, LETTERS_CHANGE)
    letter_template_delete(letter=letter, language=language, by=request.user)
    messages.success(
        request,
        _("%(letter)s in %(language)s is back to the shipped wording.")
        % {"letter": letter.label, "language": dict(settings.LANGUAGES)[language]},
    )
    return redirect("letter_settings:list")


def _pattern_saved(request: HttpRequest, numbering: Numbering, form, own: bool) -> bool:
    """Save the form's pattern through the service; a refusal is shown on the form, nothing saved."""
    _may(request, NUMBERING_CHANGE if own else "casework.add_numberingrule")
    if not form.is_valid():
        return False
    try:
        numbering_rule_save(numbering=numbering, pattern=form.cleaned_data["pattern"], by=request.user)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    messages.success(
        request, _("The pattern of the %(numbering)s is saved.") % {"numbering": numbering.label}
    )
    return True


def _back_to_default(request: HttpRequest, numbering: Numbering) -> HttpResponse:
    _may(request, NUMBERING_CHANGE)
    try:
        numbering_rule_delete(numbering=numbering, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("numbering_settings:edit", key=numbering.key)
    messages.success(
        request,
        _("The %(numbering)s are back to the default pattern.") % {"numbering": numbering.label},
    )
    return redirect("numbering_settings:list")


def _may(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied
