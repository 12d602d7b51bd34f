"""Letters and statements: shipped templates a country may override, rendered safely, kept as issued.

A country's wording uses Django's template language restricted to presentation tags (no include,
extends, load or debug) over a context of plain values, never model instances: it can show the
case's data and nothing else, and cannot reach code or other files. Wording that names a value the
case does not give is refused too: such a value would print as nothing, silently, on every letter.
"""

import io
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection
from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import (
    DebugLexer,
    FilterExpression,
    Lexer,
    Node,
    NodeList,
    Token,
    TokenType,
    Variable,
)
from django.template.defaulttags import (
    CycleNode,
    FilterNode,
    FirstOfNode,
    ForNode,
    IfNode,
    NowNode,
    RegroupNode,
    TemplateLiteral,
    WidthRatioNode,
    WithNode,
)
from django.template.loader import get_template
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from modules.casework.models import Case, LetterTemplate

SAFE_ENGINE = Engine(libraries={}, loaders=[], string_if_invalid="", autoescape=True)
ALLOWED_TAGS = {
    "if",
    "elif",
    "else",
    "endif",
    "for",
    "empty",
    "endfor",
    "with",
    "endwith",
    "firstof",
    "now",
    "spaceless",
    "endspaceless",
    "comment",
    "endcomment",
    "filter",
    "endfilter",
    "cycle",
    "widthratio",
    "autoescape",
    "endautoescape",
    "verbatim",
    "endverbatim",
    "templatetag",
    "regroup",
}
# What every letter may use besides its case's letter_context(): added by letter_context_for().
LETTER_VALUES = ("today", "country")
# Names the template language itself knows in every context.
TEMPLATE_NAMES = frozenset({"True", "False", "None"})


@dataclass(frozen=True)
class RenderedLetter:
    subject: str
    html: str


def letter_template_check(text: str) -> None:
    """Refuse wording that uses a tag outside the allowed ones or does not parse, saying which."""
    for token in Lexer(text).tokenize():
        if token.token_type == TokenType.BLOCK:
            tag = token.contents.split()[0] if token.contents.split() else ""
            if tag not in ALLOWED_TAGS:
                raise ValidationError(
                    _(
                        "{%% %(tag)s %%} cannot be used in a letter. Use the values shown in the help "
                        "and tags such as if and for."
                    )
                    % {"tag": tag}
                )
    try:
        SAFE_ENGINE.from_string(text)
    except TemplateSyntaxError as error:
        raise ValidationError(
            _("The text cannot be read as a template: %(error)s") % {"error": error}
        ) from error


def letter_variables(text: str) -> set[str]:
    """The values a wording reads from its context: the first name of each variable, wherever it is
    (in {{ }}, a filter's argument, an if's condition, a for's list, a with's value). Names the
    wording gives itself are not among them: a for's loop variables and forloop inside the loop, a
    with's names inside the with, an `as` name after its tag. Call it on text letter_template_check
    accepts."""
    return set(_nodelist_variables(SAFE_ENGINE.from_string(text).nodelist, set(TEMPLATE_NAMES)))


def letter_variables_check(text: str, known: Collection[str]) -> None:
    """Refuse wording that reads a value not among `known`, naming it: it would print as nothing."""
    unknown = sorted(letter_variables(text) - set(known) - set(LETTER_VALUES))
    if unknown:
        names = ", ".join(f"{{{{ {name} }}}}" for name in unknown)
        message = ngettext(
            "%(names)s is not a value of this letter. The values are: %(known)s.",
            "%(names)s are not values of this letter. The values are: %(known)s.",
            len(unknown),
        )
        raise ValidationError(
            message % {"names": names, "known": ", ".join(sorted({*known, *LETTER_VALUES}))}
        )


def letter_wording_check(*, subject: str, body: str, known: Collection[str]) -> None:
    """A wording's subject and text, each checked as letter_template_check and letter_variables_check
    do; the refusals are given by field, and both fields are checked before refusing."""
    errors = {}
    for field, text in (("subject", subject), ("body", body)):
        try:
            letter_template_check(text)
            letter_variables_check(text, known)
        except ValidationError as error:
            errors[field] = error.messages
    if errors:
        raise ValidationError(errors)


def letter_context_for(case: Case) -> dict:
    """What a letter of the case is rendered with: its letter_context() and LETTER_VALUES."""
    return {**case.letter_context(), "today": timezone.localdate(), "country": connection.tenant.name}


def letter_render(case: Case, key: str, language: str) -> RenderedLetter:
    """The letter `key` for the case, in `language`, from the country's wording if it has one."""
    override = LetterTemplate.objects.filter(key=key, language=language).first()
    if override is not None:
        return letter_render_wording(case, subject=override.subject, body=override.body, language=language)
    context = letter_context_for(case)
    with translation.override(language):
        subject = get_template(f"letters/{key}.subject.txt").render(context).strip()
        body = get_template(f"letters/{key}.html").render(context)
    return RenderedLetter(subject=subject, html=body)


def letter_render_wording(case: Case, *, subject: str, body: str, language: str) -> RenderedLetter:
    """A country's wording rendered for the case: checked again first (it may have been saved before
    a check existed, or the case type may give fewer values since), so it never runs unchecked."""
    context = letter_context_for(case)
    letter_wording_check(subject=subject, body=body, known=context)
    with translation.override(language):
        return RenderedLetter(
            subject=SAFE_ENGINE.from_string(subject).render(Context(context)).strip(),
            html=SAFE_ENGINE.from_string(body).render(Context(context)),
        )


def letter_shipped(key: str, language: str) -> RenderedLetter:
    """The shipped wording of a letter in `language`, as a country's wording: where a country starts
    rewording it.

    The shipped templates are translated with {% load i18n %}, {% translate %} and {% blocktranslate %},
    which a country's wording may not use (load would open every tag library). Rendering one case
    would lose the values, and the raw template would be refused. So the text is translated here and
    the tags replaced by what they would print: the translated text with its values as {{ name }}, a
    blocktranslate's `with` as {% with %}, its plural as {% if count == 1 %} (the languages offered
    have two plural forms). The result renders as the shipped template does, in that language.
    """
    with translation.override(language):
        return RenderedLetter(
            subject=_without_i18n(get_template(f"letters/{key}.subject.txt").template.source).strip(),
            html=_without_i18n(get_template(f"letters/{key}.html").template.source).strip(),
        )


def letter_pdf(html: str, title: str) -> bytes:
    """A letter as PDF, from the same HTML as its printable page (pure-Python rendering).

    xhtml2pdf is imported here, not with the module: with reportlab, Pillow and pypdf, which it brings,
    it adds some 28 MB to every process that imports it, and a web worker renders a PDF only when
    someone downloads a letter (issue 11; see clmis.records.spreadsheets).
    """
    from xhtml2pdf import pisa

    document = (
        f"<html><head><meta charset='utf-8'><title>{escape(title)}</title></head><body>{html}</body></html>"
    )
    output = io.BytesIO()
    if pisa.CreatePDF(document, dest=output, encoding="utf-8").err:
        raise ValueError("the letter could not be turned into PDF")
    return output.getvalue()


# --- the variables a wording reads ------------------------------------------------------------------


def _nodelist_variables(nodelist: NodeList, scope: set[str]) -> Iterator[str]:
    """The free variables of the nodes in order; an `as` name is known from its tag to the block's end."""
    scope = set(scope)
    for node in nodelist:
        yield from _node_variables(node, scope)


def _node_variables(node: Node, scope: set[str]) -> Iterator[str]:
    """The free variables of one node; adds to `scope` the names it gives the rest of its block."""
    if isinstance(node, ForNode):
        yield from _expression_variables(node.sequence, scope)
        yield from _nodelist_variables(node.nodelist_loop, scope | {*node.loopvars, "forloop"})
        yield from _nodelist_variables(node.nodelist_empty, scope)
    elif isinstance(node, WithNode):
        for expression in node.extra_context.values():
            yield from _expression_variables(expression, scope)
        yield from _nodelist_variables(node.nodelist, scope | set(node.extra_context))
    elif isinstance(node, IfNode):
        for condition, nodelist in node.conditions_nodelists:
            for expression in _condition_expressions(condition):
                yield from _expression_variables(expression, scope)
            yield from _nodelist_variables(nodelist, scope)
    elif isinstance(node, RegroupNode):
        # Its expression is read on each item of the target, under the name it gives (grouped.gender).
        yield from _expression_variables(node.target, scope)
        scope.add(node.var_name)
    elif isinstance(node, FilterNode):
        # The filtered text is the expression's first name ("var"), not a value of the context.
        for argument in _filter_arguments(node.filter_expr):
            yield from _variable_name(argument, scope)
        yield from _nodelist_variables(node.nodelist, scope)
    else:
        for expression in _expressions_of(node):
            yield from _expression_variables(expression, scope)
        for attribute in node.child_nodelists:
            yield from _nodelist_variables(getattr(node, attribute, None) or NodeList(), scope)
        name = getattr(node, "asvar", None) or getattr(node, "variable_name", None)
        if name:
            scope.add(name)


def _expressions_of(node: Node) -> list[FilterExpression]:
    """The expressions a node without a scope of its own reads: {{ }}, firstof, cycle, widthratio."""
    if isinstance(node, FirstOfNode):
        return list(node.vars)
    if isinstance(node, CycleNode):
        return list(node.cyclevars)
    if isinstance(node, WidthRatioNode):
        return [node.val_expr, node.max_expr, node.max_width]
    if isinstance(node, NowNode):
        return []
    expression = getattr(node, "filter_expression", None)
    return [expression] if isinstance(expression, FilterExpression) else []


def _condition_expressions(condition) -> Iterator[FilterExpression]:
    """The operands of an if's condition (`a and not b.c == "1"`); None is the else branch."""
    if condition is None:
        return
    if isinstance(condition, TemplateLiteral):
        yield condition.value
        return
    for operand in (getattr(condition, "first", None), getattr(condition, "second", None)):
        yield from _condition_expressions(operand)


def _expression_variables(expression: FilterExpression, scope: set[str]) -> Iterator[str]:
    yield from _variable_name(expression.var, scope)
    for argument in _filter_arguments(expression):
        yield from _variable_name(argument, scope)


def _filter_arguments(expression: FilterExpression) -> Iterator[object]:
    for _filter, arguments in expression.filters:
        for is_variable, argument in arguments:
            if is_variable:
                yield argument


def _variable_name(variable: object, scope: set[str]) -> Iterator[str]:
    """The first name of a variable (`events` of events.0.text); nothing for a literal or a known name."""
    if isinstance(variable, Variable) and variable.lookups and variable.lookups[0] not in scope:
        yield variable.lookups[0]


# --- the shipped wording without the i18n library ---------------------------------------------------

I18N_ENGINE = Engine(libraries={"i18n": "django.templatetags.i18n"}, loaders=[], autoescape=True)
PLACEHOLDER = re.compile(r"%\(([^)]+)\)s|%%")
TEMPLATE_MARKS = ("{%", "{{", "{#", "%}", "}}", "#}")


def _without_i18n(source: str) -> str:
    """A template of the i18n library as the same template without it, in the active language."""
    tokens = DebugLexer(source).tokenize()
    parts, position = [], 0
    while position < len(tokens):
        token = tokens[position]
        name = token.split_contents()[0] if token.token_type == TokenType.BLOCK else ""
        if name == "load" and token.split_contents()[1:] == ["i18n"]:
            position += 1
            continue
        if name in ("translate", "trans"):
            parts.append(_translated(source, token, token))
            position += 1
            continue
        if name in ("blocktranslate", "blocktrans"):
            end = next(
                index
                for index in range(position + 1, len(tokens))
                if tokens[index].token_type == TokenType.BLOCK
                and tokens[index].contents in ("endblocktranslate", "endblocktrans")
            )
            parts.append(_translated(source, token, tokens[end]))
            position = end + 1
            continue
        start, stop = token.position
        parts.append(source[start:stop])
        position += 1
    return "".join(parts)


def _translated(source: str, first: Token, last: Token) -> str:
    """A translate or blocktranslate tag (from `first` to `last`) as the text it prints, with its values."""
    tag = source[first.position[0] : last.position[1]]
    node = I18N_ENGINE.from_string("{% load i18n %}" + tag).nodelist[-1]
    if getattr(node, "asvar", None):
        raise ValueError(f"a letter's {tag!r} keeps its text for later; write it out instead")
    if isinstance(node, TranslateNode):
        variable = node.filter_expression.var
        if variable.lookups:
            return "{{ " + node.filter_expression.token + " }}"
        return _text(node.render(Context({})))
    return _block_translated(node)


def _block_translated(node: BlockTranslateNode) -> str:
    """A blocktranslate as its translation, its values as {{ name }}, in a {% with %} of its own."""
    context = node.message_context.resolve({}) if node.message_context else None
    singular, _names = node.render_token_list(node.singular)
    if node.plural and node.countervar and node.counter:
        plural, _names = node.render_token_list(node.plural)
        forms = [
            translation.npgettext(context, singular, plural, n)
            if context
            else translation.ngettext(singular, plural, n)
            for n in (0, 1, 2)
        ]
        text = _with_values(forms[1])
        if forms[1] != forms[2]:
            one = f"{node.countervar} <= 1" if forms[0] == forms[1] else f"{node.countervar} == 1"
            text = f"{{% if {one} %}}{text}{{% else %}}{_with_values(forms[2])}{{% endif %}}"
        values = {**node.extra_context, node.countervar: node.counter}
    else:
        text = _with_values(
            translation.pgettext(context, singular) if context else translation.gettext(singular)
        )
        values = node.extra_context
    if not values:
        return text
    names = " ".join(f"{name}={expression.token}" for name, expression in values.items())
    return f"{{% with {names} %}}{text}{{% endwith %}}"


def _with_values(translated: str) -> str:
    """A translation's %(name)s as {{ name }}, its %% as %, the rest as text."""
    parts, position = [], 0
    for match in PLACEHOLDER.finditer(translated):
        parts.append(_text(translated[position : match.start()]))
        parts.append(f"{{{{ {match.group(1)} }}}}" if match.group(1) else "%")
        position = match.end()
    parts.append(_text(translated[position:]))
    return "".join(parts)


def _text(text: str) -> str:
    """Text that stays text in a template, even if a translation happens to contain {{ or {%."""
    return (
        f"{{% verbatim %}}{text}{{% endverbatim %}}" if any(mark in text for mark in TEMPLATE_MARKS) else text
    )
