import dataclasses
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from modules.casework.letters import (
    LETTER_VALUES,
    RenderedLetter,
    letter_render_wording,
    letter_shipped,
    letter_variables,
    letter_wording_check,
)
from modules.casework.models import Case, LetterTemplate, NumberingRule
from modules.casework.numbering import Numbering, numbers_next, patterns_alike
from modules.registry import installed_modules

# How many of the latest cases are tried for one that can have a letter (a certificate needs an
# approved permit) when none is asked for.
PREVIEW_CANDIDATES = 20


def case_for(request, pk: int, action: str = "view") -> Case:
    """The case as its own type, if its module is enabled here and the user may `action` it; else 404/403.

    Generic case pages (documents, letters, timeline) serve every module, so they apply the module
    gate themselves: a disabled module's cases are not found.
    """
    case = Case.objects.filter(pk=pk).first()
    if case is None:
        raise Http404
    case = case.concrete()
    if _module_key(case) not in getattr(request, "modules", frozenset()):
        raise Http404
    if not request.user.has_perm(case.permission(action)):
        raise PermissionDenied
    return case


def officers_for(case: Case) -> QuerySet:
    """Active users who may work on cases of this type: whom a case can be assigned to."""
    app_label, codename = case.permission("change").split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    users = get_user_model().objects.filter(is_active=True)
    if permission is None:
        return users.filter(is_superuser=True)
    return (
        users.filter(
            Q(groups__permissions=permission) | Q(user_permissions=permission) | Q(is_superuser=True)
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _module_key(case: Case) -> str | None:
    app_label = case._meta.app_label
    return next((c.manifest.key for c in installed_modules() if c.label == app_label), None)


# --- what a country may set: its letters' wording and its numbering patterns -------------------------

STATEMENT = ("casework/statement", gettext_lazy("Case status statement"))


@dataclass(frozen=True)
class LetterKind:
    """A letter a country can produce, and the case types that write it."""

    key: str
    label: Promise | str
    case_types: tuple[type[Case], ...]


@dataclass(frozen=True)
class LetterWording:
    """A letter in one language, and the country's wording of it if it has one (else the shipped one)."""

    letter: LetterKind
    language: str
    language_name: Promise | str
    own: LetterTemplate | None

    def text(self) -> RenderedLetter:
        """The subject and text in force: the country's, or the shipped ones as a country would write
        them (see letter_shipped)."""
        if self.own is not None:
            return RenderedLetter(subject=self.own.subject, html=self.own.body)
        return letter_shipped(self.letter.key, self.language)


@dataclass(frozen=True)
class NumberingInForce:
    """A numbering of a case type with the pattern in force and the next number it would give today."""

    numbering: Numbering
    pattern: str
    own: bool
    next_number: str


def case_types(modules: Collection[str] | None = None) -> list[type[Case]]:
    """The concrete case types of the installed modules, or of the modules given by key."""
    configs = {c.label: c.manifest.key for c in installed_modules()}
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Case)
        and model is not Case
        and model._meta.app_label in configs
        and (modules is None or configs[model._meta.app_label] in modules)
    ]


def case_letters(case: Case) -> list[tuple[str, str]]:
    """The letters the case can produce as it stands, (key, label), the status statement last."""
    letters = [*_module_letters(type(case)), STATEMENT]
    return [(key, str(label)) for key, label in letters if case.letter_available(key)]


def letters_offered(modules: Collection[str]) -> list[LetterKind]:
    """Every letter the country's modules can produce, each with its case types, the statement last."""
    types = case_types(modules)
    letters: dict[str, LetterKind] = {}
    for model in types:
        for key, label in _module_letters(model):
            known = letters.get(key, LetterKind(key, label, ()))
            letters[key] = dataclasses.replace(known, case_types=(*known.case_types, model))
    statement = LetterKind(*STATEMENT, case_types=tuple(types))
    return [*sorted(letters.values(), key=lambda letter: letter.key), statement]


def letter_offered(modules: Collection[str], key: str) -> LetterKind | None:
    return next((letter for letter in letters_offered(modules) if letter.key == key), None)


def letter_wordings(modules: Collection[str]) -> list[tuple[LetterKind, list[LetterWording]]]:
    """Each letter with its wording in each language offered: the country's own, or the shipped one."""
    own = {(t.key, t.language): t for t in LetterTemplate.objects.all()}
    return [
        (
            letter,
            [
                LetterWording(letter, code, name, own.get((letter.key, code)))
                for code, name in settings.LANGUAGES
            ],
        )
        for letter in letters_offered(modules)
    ]


def letter_wording(letter: LetterKind, language: str) -> LetterWording:
    own = LetterTemplate.objects.filter(key=letter.key, language=language).first()
    return LetterWording(letter, language, dict(settings.LANGUAGES)[language], own)


def letter_values(letter: LetterKind) -> set[str]:
    """The values a wording of the letter may use: those every case type writing it gives.

    A case type's values are the keys of letter_context() of its latest case. One with no case yet
    counts with the values its shipped wording uses: fewer than it gives, but surely among them, so
    nothing is accepted that a case would not fill.
    """
    shipped = letter_shipped(letter.key, settings.LANGUAGE_CODE)
    fallback = letter_variables(shipped.subject) | letter_variables(shipped.html)
    values = None
    for model in letter.case_types:
        latest = model.objects.order_by("-opened_on", "-id").first()
        given = set(latest.letter_context()) if latest is not None else fallback
        values = given if values is None else values & given
    return (values if values is not None else fallback) | set(LETTER_VALUES)


@dataclass(frozen=True)
class LetterPreview:
    case: Case
    letter: RenderedLetter


def letter_preview(
    letter: LetterKind,
    user,
    *,
    language: str,
    subject: str,
    body: str,
    reference: str = "",
    pk: int | None = None,
) -> LetterPreview:
    """A wording as it would print for a case (see letter_preview_case), nothing saved; refused as
    saving it would be, by field."""
    letter_wording_check(subject=subject, body=body, known=letter_values(letter))
    case = letter_preview_case(letter, user, reference=reference, pk=pk)
    return LetterPreview(case, letter_render_wording(case, subject=subject, body=body, language=language))


def letter_preview_case(letter: LetterKind, user, *, reference: str = "", pk: int | None = None) -> Case:
    """The case to preview a letter on: the one asked for (by reference or id), else the latest that
    can have it, among the case types writing it that the user may see. Refusals name the case."""
    types = [model for model in letter.case_types if user.has_perm(_permission(model, "view"))]
    cases = Case.objects.filter(case_type__in=[model._meta.label_lower for model in types])
    reference = reference.strip()
    if reference or pk is not None:
        return _case_asked(letter, cases, reference or pk)
    latest = [case.concrete() for case in cases[:PREVIEW_CANDIDATES]]
    case = next((case for case in latest if case.letter_available(letter.key)), None)
    if case is None:
        raise ValidationError({"case": _("There is no case yet that can have this letter.")})
    return case


def _case_asked(letter: LetterKind, cases: QuerySet[Case], asked: str | int) -> Case:
    case = cases.filter(**{"reference" if isinstance(asked, str) else "pk": asked}).first()
    if case is None:
        message = _("There is no case %(case)s that can have this letter and that you may see.")
        raise ValidationError({"case": message % {"case": asked}})
    case = case.concrete()
    if not case.letter_available(letter.key):
        message = _("%(case)s cannot have this letter as it stands. Choose another case.")
        raise ValidationError({"case": message % {"case": case.reference}})
    return case


def numberings_in_force(modules: Collection[str], *, on: date) -> list[NumberingInForce]:
    """The numberings of the country's case types, with their patterns and next numbers on that day."""
    rules = dict(NumberingRule.objects.values_list("case_type", "pattern"))
    models = sorted(case_types(modules), key=lambda model: str(model._meta.verbose_name_plural))
    return _in_force([numbering for model in models for numbering in model.numberings()], rules, on)


def numbering_in_force(numbering: Numbering, *, on: date) -> NumberingInForce:
    rules = dict(NumberingRule.objects.filter(case_type=numbering.key).values_list("case_type", "pattern"))
    return _in_force([numbering], rules, on)[0]


def _in_force(numberings: list[Numbering], rules: dict[str, str], on: date) -> list[NumberingInForce]:
    patterns = [(numbering, rules.get(numbering.key, numbering.default_pattern)) for numbering in numberings]
    return [
        NumberingInForce(numbering, pattern, numbering.key in rules, next_number)
        for (numbering, pattern), next_number in zip(patterns, numbers_next(patterns, on=on), strict=True)
    ]


def numbering_of(modules: Collection[str], key: str) -> Numbering | None:
    return next(
        (
            numbering
            for model in case_types(modules)
            for numbering in model.numberings()
            if numbering.key == key
        ),
        None,
    )


def numberings_alike(numbering: Numbering, pattern: str, *, on: date) -> tuple[Numbering, str] | None:
    """Another numbering of the same numbers (references of every case type; permit numbers) whose
    pattern in force would give the same numbers as `pattern`, with that pattern. The case types of
    disabled modules count too: their numbers stay in the same column."""
    rules = dict(NumberingRule.objects.values_list("case_type", "pattern"))
    column = numbering.model._meta.get_field(numbering.field)
    for model in case_types():
        for other in model.numberings():
            same_column = other.model._meta.get_field(other.field) is column
            if other.key != numbering.key and same_column:
                other_pattern = rules.get(other.key, other.default_pattern)
                if patterns_alike(numbering, pattern, other, other_pattern, on=on):
                    return other, other_pattern
    return None


def _module_letters(model: type[Case]) -> list[tuple[str, Promise | str]]:
    """The letters of the case type's module that the case type writes (see Case.letter_keys)."""
    module = next((c for c in installed_modules() if c.label == model._meta.app_label), None)
    return [
        (key, label)
        for key, label in (module.manifest.letters if module else ())
        if model.letter_keys is None or key in model.letter_keys
    ]


def _permission(model: type[Case], action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"
