"""Case pages every case module shares: timeline, documents, letters, notes, transitions, assignment."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import modelform_factory
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clmis.audit.history import history_of
from clmis.downloads import file_download
from clmis.personal_data.models import Erasure
from clmis.personal_data.selectors import (
    ANSWER,
    WITHHELD,
    erasure_of,
    hides_personal_data,
    history_withhold,
    personal_fields,
    withhold,
)
from clmis.personal_data.services import personal_data_archive, personal_data_erase
from clmis.records.forms import NamedErrorsModelForm
from modules.casework.forms import (
    AssignForm,
    DocumentForm,
    ErasureForm,
    LetterForm,
    NoteForm,
    TransitionForm,
)
from modules.casework.letters import letter_pdf
from modules.casework.models import Case
from modules.casework.selectors import case_for, case_letters, officers_for
from modules.casework.services import (
    case_assign,
    case_document_add,
    case_note_add,
    case_transition,
    letter_issue,
)

PERSONAL_DATA = "casework/personal_data.html"


def case_panel(request: HttpRequest, case: Case) -> dict:
    """Context for `casework/_case_panel.html`, which a module's case page includes.

    For a reader who may not see who the case is about, the case's personal fields are withheld (on the
    very object the page shows), and so are what could name the person: the texts of the timeline,
    the letters and the documents.
    """
    user = request.user
    hidden = hides_personal_data(case, user)
    withhold((case,), user)
    may_change = user.has_perm(case.permission("change"))
    workflow = type(case).workflow
    return {
        "case": case,
        "history": history_withhold(history_of(case), case, user),
        "events": _events_withheld(case) if hidden else case.events.all(),
        "documents": () if hidden else case.documents.all(),
        "letters": () if hidden else case.letters.all(),
        "personal_data_hidden": hidden,
        "answers_personal_data_requests": bool(personal_fields(case)) and user.has_perm(ANSWER),
        "transitions": [t for t in workflow.allowed(case.status, user) if not t.fields] if may_change else [],
        "transitions_with_fields": [t for t in workflow.allowed(case.status, user) if t.fields],
        "may_change": may_change,
        "assign_form": AssignForm(officers=officers_for(case), initial={"officer": case.assigned_to})
        if user.has_perm(case.permission("assign"))
        else None,
        "note_form": NoteForm() if may_change else None,
        "document_form": DocumentForm() if may_change else None,
        "letter_form": LetterForm(letters=case_letters(case), initial={"language": request.LANGUAGE_CODE})
        if may_change
        else None,
    }


def _events_withheld(case: Case) -> list:
    events = list(case.events.all())
    for event in events:
        if event.text:
            event.text = WITHHELD
    return events


@login_required
def document_download(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    """A case's document, for someone who may see the case (and who it is about), in a country where
    its module is enabled."""
    case = case_for(request, pk, "view")
    if hides_personal_data(case, request.user):
        raise PermissionDenied
    document = get_object_or_404(case.documents, pk=document_pk)
    return file_download(document.file, filename=document.name, content_type=document.content_type)


@login_required
def letter_show(request: HttpRequest, pk: int, letter_pk: int) -> HttpResponse:
    case = case_for(request, pk, "view")
    if hides_personal_data(case, request.user):  # a letter names the person
        raise PermissionDenied
    letter = get_object_or_404(case.letters, pk=letter_pk)
    if request.GET.get("format") == "pdf":
        response = HttpResponse(letter_pdf(letter.html, letter.subject), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'inline; filename="{case.reference.replace("/", "-")}-{letter.pk}.pdf"'
        )
        return response
    return render(request, "casework/letter.html", {"case": case, "letter": letter})


def _case_of_a_person(request: HttpRequest, pk: int) -> Case:
    """A case that holds personal data, for a user who answers people's requests about theirs."""
    case = case_for(request, pk, "view")
    if not personal_fields(case):
        raise Http404
    if not request.user.has_perm(ANSWER):
        raise PermissionDenied
    return case


@login_required
@reauthentication_required
def personal_data(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's requests about their data in a case: a copy of it all, or its erasure. The password is
    asked here, so that the erasure posted from this page is not sent back to be asked again."""
    case = _case_of_a_person(request, pk)
    erasure = erasure_of(case)
    form = None if erasure else ErasureForm()
    return render(request, PERSONAL_DATA, {"case": case, "erasure": erasure, "form": form})


@login_required
@reauthentication_required
def personal_data_copy(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything held about the person of the case, as a ZIP (an access request); logged as an export."""
    case = _case_of_a_person(request, pk)
    name, content = personal_data_archive(case=case, by=request.user)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def personal_data_erase_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Erase the person's data on their request (after the password is asked again)."""
    case = _case_of_a_person(request, pk)
    if request.method == "GET" or erasure_of(case) is not None:
        return redirect("casework:personal-data", pk=case.pk)
    form = ErasureForm(request.POST)
    if not form.is_valid():
        return render(request, PERSONAL_DATA, {"case": case, "erasure": None, "form": form}, status=400)
    personal_data_erase(
        case=case,
        by=request.user,
        reason=Erasure.Reason.REQUEST,
        request_reference=form.cleaned_data["request_reference"],
    )
    messages.success(
        request,
        _("The personal data of %(reference)s is erased; the case stays in the statistics.")
        % {"reference": case.reference},
    )
    return redirect(case.get_absolute_url())


@login_required
@require_POST
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for(request, pk, "change")
    form = NoteForm(request.POST)
    return _done(
        request,
        case,
        form,
        lambda data: case_note_add(case=case, text=data["text"], by=request.user),
        _("Note added."),
    )


@login_required
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for(request, pk, "change")
    form = DocumentForm(request.POST, request.FILES)
    return _done(
        request,
        case,
        form,
        lambda data: case_document_add(
            case=case, upload=data["file"], description=data["description"], by=request.user
        ),
        _("Document attached."),
    )


@login_required
@require_POST
def letter_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for(request, pk, "change")
    form = LetterForm(request.POST, letters=case_letters(case))
    if not form.is_valid():
        return _refused(request, case, form)
    try:
        letter = letter_issue(
            case=case, key=form.cleaned_data["key"], language=form.cleaned_data["language"], by=request.user
        )
    except ValidationError as error:  # the country's wording no longer fits the case (see letter_render)
        for message in error.messages:
            messages.error(request, message)
        return redirect(case.get_absolute_url())
    messages.success(request, _("%(letter)s is ready to print.") % {"letter": letter.subject})
    return redirect("casework:letter", pk=case.pk, letter_pk=letter.pk)


@login_required
@require_POST
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for(request, pk, "view")
    form = TransitionForm(request.POST)
    return _done(
        request,
        case,
        form,
        lambda data: case_transition(
            case=case, action=data["action"], note=data["note"], version=data["version"], by=request.user
        ),
        _("The case is now %(status)s."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def transition_with_fields(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """A transition that needs fields filled (the outcome to settle): a form of just those fields."""
    case = case_for(request, pk, "view")
    transition = type(case).workflow.check(case.status, action, request.user)
    # A refusal may name a field the form does not show (the labour-market test before approving).
    form_class = modelform_factory(type(case), form=NamedErrorsModelForm, fields=transition.fields)
    form = form_class(request.POST or None, instance=case, prefix="case")
    note = TransitionForm(request.POST or None, initial={"action": action, "version": case.version})
    if request.method == "POST" and form.is_valid() and note.is_valid():
        values = {field: form.cleaned_data[field] for field in transition.fields}
        try:
            case_transition(
                case=case,
                action=action,
                note=note.cleaned_data["note"],
                values=values,
                version=note.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The case is now %(status)s.") % {"status": case.status_label})
            return redirect(case.get_absolute_url())
    context = {"case": case, "transition": transition, "form": form, "note": note}
    return render(request, "casework/transition.html", context)


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for(request, pk, "view")
    form = AssignForm(request.POST, officers=officers_for(case))
    return _done(
        request,
        case,
        form,
        lambda data: case_assign(case=case, officer=data["officer"], due_on=data["due_on"], by=request.user),
        _("The case is assigned."),
    )


def _done(request: HttpRequest, case: Case, form, action, success: str) -> HttpResponse:
    """Run the service with the valid form's data; a refusal is shown on the case page, nothing changed."""
    if not form.is_valid():
        return _refused(request, case, form)
    try:
        action(form.cleaned_data)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, success % {"status": case.status_label} if "%(status)s" in success else success
        )
    return redirect(case.get_absolute_url())


def _refused(request: HttpRequest, case: Case, form) -> HttpResponse:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
    return redirect(case.get_absolute_url())
