"""Every change to a case goes through these functions: modules call them, never write cases directly."""

from collections.abc import Mapping

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clmis.accounts.actors import actor_label
from clmis.audit.context import acting, current_actor
from clmis.records.locking import record_save
from modules.casework.country_workflow import (
    country_tweaks_forget,
    due_on_entering,
    shipped_workflow,
)
from modules.casework.documents import document_check
from modules.casework.letters import letter_render, letter_wording_check
from modules.casework.models import (
    Case,
    CaseDocument,
    CaseEvent,
    ExtraState,
    Letter,
    LetterTemplate,
    NumberingRule,
    StateDeadline,
)
from modules.casework.numbering import Numbering, number_given_again, pattern_check, reference_allocate
from modules.casework.selectors import LetterKind, case_types, letter_values, numberings_alike


@transaction.atomic
def case_open(*, case: Case, values: Mapping[str, object], by) -> Case:
    """Register a new case of its type: numbered, in the workflow's first state, on the timeline."""
    model = type(case)
    with acting(actor_label(by)):
        opened_on = values.get("opened_on") or timezone.localdate()
        case.case_type = model._meta.label_lower
        case.status = model.workflow.initial
        due = due_on_entering(case.case_type, case.status, opened_on)
        if due is not None and not values.get("due_on"):
            values = {**values, "due_on": due}
        case.reference = reference_allocate(
            case_type=case.case_type,
            type_code=model.type_code,
            default_pattern=model.default_pattern,
            on=opened_on,
        )
        record_save(case, values={**values, "opened_on": opened_on}, version=None, by=by)
        _event(case, CaseEvent.Kind.OPENED, _("Case %(reference)s opened.") % {"reference": case.reference})
        return case


@transaction.atomic
def case_update(*, case: Case, values: Mapping[str, object], version: int | None, by) -> Case:
    """Change a case's details; refused if someone saved it since `version` was read."""
    with acting(actor_label(by)):
        before = {field: getattr(case, field) for field in values}
        record_save(case, values=values, version=version, by=by)
        changed = [
            str(case._meta.get_field(f).verbose_name) for f, value in values.items() if before[f] != value
        ]
        if changed:
            _event(case, CaseEvent.Kind.EDITED, ", ".join(changed))
        return case


@transaction.atomic
def case_transition(
    *,
    case: Case,
    action: str,
    by,
    note: str = "",
    values: Mapping[str, object] | None = None,
    version: int | None = None,
    automatic: bool = False,
) -> Case:
    """Move a case along its workflow: the transition must be possible now, allowed to the user, and the
    fields it requires filled (from `values` or already on the case). Nothing changes if any fails.

    `by=None` is the platform itself (actor "system"), allowed only for transitions declared `system`.
    `automatic` is for a module's service taking a transition that follows from what it records (see
    Transition.automatic); pages and the API never pass it. The transition's `stamps` are set to today."""
    workflow = type(case).workflow
    with acting(actor_label(by)):
        transition = workflow.check(case.status, action, by, automatic=automatic)
        values = dict(values or {})
        missing = [field for field in transition.required if not values.get(field, getattr(case, field))]
        if missing:
            raise ValidationError(
                {field: _("Needed to %(action)s.") % {"action": transition.label} for field in missing}
            )
        values.update(case.transition_values(action, values))
        previous = case.status
        values.update(dict.fromkeys(transition.stamps, timezone.localdate()))
        values["status"] = transition.target
        values["closed_on"] = timezone.localdate() if transition.target in workflow.closed_states() else None
        due = due_on_entering(case.case_type, transition.target)
        if due is not None and values["closed_on"] is None and not values.get("due_on"):
            values["due_on"] = due
        record_save(case, values=values, version=case.version if version is None else version, by=by)
        text = _("%(from)s → %(to)s") % {"from": workflow.label(previous), "to": workflow.label(case.status)}
        _event(case, CaseEvent.Kind.STATUS, f"{text}. {note}".strip() if note else text)
        return case


@transaction.atomic
def case_assign(*, case: Case, officer, by, due_on=None) -> Case:
    """Give a case to an officer who may work on cases of its type (and, optionally, a due date)."""
    with acting(actor_label(by)):
        # Case types declare an assign_<model> permission (usually held by supervisors).
        if not by.has_perm(case.permission("assign")):
            raise PermissionDenied(_("Your role does not allow assigning this case."))
        officer = get_user_model().objects.filter(pk=getattr(officer, "pk", officer), is_active=True).first()
        if officer is None or not officer.has_perm(case.permission("change")):
            raise ValidationError(
                {"assigned_to": _("Choose an active officer who works on cases of this kind.")}
            )
        values = {"assigned_to": officer}
        if due_on is not None:
            values["due_on"] = due_on
        record_save(case, values=values, version=case.version, by=by)
        name = officer.get_full_name() or officer.get_username()
        text = _("Assigned to %(officer)s.") % {"officer": name}
        if due_on:
            text += " " + _("Due %(date)s.") % {"date": due_on.isoformat()}
        _event(case, CaseEvent.Kind.ASSIGNED, text)
        return case


def case_note_add(*, case: Case, text: str, by) -> CaseEvent:
    """An internal note on the timeline (not shown in statements to the parties)."""
    with acting(actor_label(by)):
        if not text.strip():
            raise ValidationError({"text": _("Write the note first.")})
        return _event(case, CaseEvent.Kind.NOTE, text.strip(), internal=True)


@transaction.atomic
def case_document_add(*, case: Case, upload: UploadedFile, description: str = "", by) -> CaseDocument:
    """Attach a file to a case after checking its size and that its content is of an accepted type."""
    with acting(actor_label(by)):
        content_type = document_check(upload)
        document = CaseDocument(
            case=case,
            name=upload.name[:255],
            content_type=content_type,
            size=upload.size,
            description=description,
            actor=current_actor(),
        )
        document.file.save(upload.name, upload, save=False)
        document.save()
        _event(case, CaseEvent.Kind.DOCUMENT, document.name)
        return document


@transaction.atomic
def letter_issue(*, case: Case, key: str, language: str, by) -> Letter:
    """Produce a letter or statement for the case and keep it as issued."""
    with acting(actor_label(by)):
        if not case.letter_available(key):
            raise ValidationError({"key": _("This letter cannot be produced for the case as it stands.")})
        rendered = letter_render(case, key, language)
        letter = Letter.objects.create(
            case=case,
            template_key=key,
            language=language,
            subject=rendered.subject,
            html=rendered.html,
            actor=current_actor(),
        )
        _event(case, CaseEvent.Kind.LETTER, rendered.subject)
        return letter


def case_event_record(*, case: Case, kind: str, text: str, by, internal: bool = False) -> CaseEvent:
    """A line on the timeline for something a module records beside the case (a hearing, a visit)."""
    with acting(actor_label(by)):
        return _event(case, kind, text, internal=internal)


def _event(case: Case, kind: str, text: str, *, internal: bool = False) -> CaseEvent:
    return CaseEvent.objects.create(case=case, kind=kind, text=text, actor=current_actor(), internal=internal)


# --- a country's workflow settings: optional states and deadlines (see country_workflow) ---------------


@transaction.atomic
def extra_state_add(*, case_type: str, key: str, label: str, after: str, by) -> ExtraState:
    """Add an optional state to a case type: a side step from one of its open states and back.

    Refused: a case type not in use, a key the workflow already has (as a state or in a transition's
    name), a starting state that is not one of the module's open states."""
    model = _case_type_in_use(case_type)
    workflow = model.workflow
    names = {state.key for state in workflow.states} | {t.name for t in workflow.transitions}
    errors = {}
    if key in names or f"enter_{key}" in names:
        errors["key"] = _("The workflow already has %(key)s; choose another key.") % {"key": key}
    open_states = {state.key for state in shipped_workflow(model).states if not state.closed}
    if after not in open_states:
        errors["after"] = _("Choose one of the module's open states.")
    if errors:
        raise ValidationError(errors)
    state = record_save(
        ExtraState(),
        values={"case_type": case_type, "key": key, "label": label, "after": after},
        version=None,
        by=by,
    )
    _workflow_changed(case_type)
    return state


@transaction.atomic
def extra_state_remove(*, state: ExtraState, by) -> None:
    """Take an optional state away again, refused while cases are in it."""
    model = _case_type_in_use(state.case_type)
    waiting = model.objects.filter(status=state.key).count()
    if waiting:
        raise ValidationError(
            _("%(count)d cases are %(state)s: move them on before removing the state.")
            % {"count": waiting, "state": state.label}
        )
    with acting(actor_label(by)):
        StateDeadline.objects.filter(case_type=state.case_type, state=state.key).delete()
        state.delete()
    _workflow_changed(state.case_type)


@transaction.atomic
def deadline_set(*, case_type: str, state: str, days: int | None, by) -> StateDeadline | None:
    """Set how many days cases may stay in a state (None: no deadline), for the cases entering it."""
    model = _case_type_in_use(case_type)
    if state not in {s.key for s in model.workflow.states if not s.closed}:
        raise ValidationError({"state": _("Choose an open state of this case type.")})
    current = StateDeadline.objects.filter(case_type=case_type, state=state).first()
    if days is None:
        if current is not None:
            with acting(actor_label(by)):
                current.delete()
            _workflow_changed(case_type)
        return None
    if current is not None and current.days == days:
        return current
    values = {"case_type": case_type, "state": state, "days": days}
    saved = record_save(
        current or StateDeadline(), values=values, version=current.version if current else None, by=by
    )
    _workflow_changed(case_type)
    return saved


def _case_type_in_use(case_type: str) -> type[Case]:
    modules = set(connection.tenant.module_enablements.values_list("module", flat=True))
    model = next((m for m in case_types(modules) if m._meta.label_lower == case_type), None)
    if model is None:
        raise ValidationError({"case_type": _("Choose a case type of a module in use.")})
    return model


def _workflow_changed(case_type: str) -> None:
    country_tweaks_forget(case_type)
    transaction.on_commit(lambda: country_tweaks_forget(case_type))


# --- a country's settings: the wording of its letters, the patterns of its numbers -------------------


@transaction.atomic
def letter_template_save(*, letter: LetterKind, language: str, subject: str, body: str, by) -> LetterTemplate:
    """Set the country's wording of a letter in a language, replacing the shipped one. Refused, with
    nothing saved: a tag that is not allowed, text that does not parse, a value the letter's cases do
    not give (each named, by field)."""
    with acting(actor_label(by)):
        letter_wording_check(subject=subject, body=body, known=letter_values(letter))
        template = LetterTemplate.objects.filter(key=letter.key, language=language).first()
        template = template or LetterTemplate(key=letter.key, language=language)
        template.subject, template.body = subject, body
        template.full_clean()
        template.save()
        return template


@transaction.atomic
def letter_template_delete(*, letter: LetterKind, language: str, by) -> bool:
    """Go back to the shipped wording of a letter in a language; whether the country had its own."""
    with acting(actor_label(by)):
        template = LetterTemplate.objects.filter(key=letter.key, language=language).first()
        if template is None:
            return False
        template.delete()
        return True


@transaction.atomic
def numbering_rule_save(*, numbering: Numbering, pattern: str, by) -> NumberingRule:
    """Set the country's pattern for a numbering. Refused, with nothing saved: a pattern that cannot
    number uniquely (pattern_check), one that would give a number given before, one that would give
    the same numbers as another numbering's pattern."""
    with acting(actor_label(by)):
        _pattern_unique_check(numbering, pattern)
        rule = NumberingRule.objects.filter(case_type=numbering.key).first()
        rule = rule or NumberingRule(case_type=numbering.key)
        rule.pattern = pattern
        rule.save()
        return rule


@transaction.atomic
def numbering_rule_delete(*, numbering: Numbering, by) -> bool:
    """Go back to the numbering's default pattern, checked as a pattern the country sets would be;
    whether the country had its own."""
    with acting(actor_label(by)):
        rule = NumberingRule.objects.filter(case_type=numbering.key).first()
        if rule is None:
            return False
        _pattern_unique_check(numbering, numbering.default_pattern)
        rule.delete()
        return True


def _pattern_unique_check(numbering: Numbering, pattern: str) -> None:
    try:
        pattern_check(pattern)
    except ValidationError as error:
        raise ValidationError({"pattern": error.messages}) from error
    again = number_given_again(numbering, pattern)
    if again is not None:
        message = _(
            "With %(pattern)s the number %(number)s, given already, would be given again. Choose a "
            "pattern whose numbers differ from those given so far, e.g. with {TYPE} or a letter of its own."
        )
        raise ValidationError({"pattern": message % {"pattern": pattern, "number": again}})
    alike = numberings_alike(numbering, pattern, on=timezone.localdate())
    if alike is not None:
        message = _(
            "%(pattern)s would give the same numbers as the %(other)s, numbered %(other_pattern)s. Make "
            "the patterns differ, e.g. with {TYPE}."
        )
        other, other_pattern = alike
        raise ValidationError(
            {"pattern": message % {"pattern": pattern, "other": other.label, "other_pattern": other_pattern}}
        )
