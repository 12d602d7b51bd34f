"""Letters and statements: shipped templates a country may override, rendered safely, kept as issued.

A country's wording uses Django's template language restricted to presentation tags (no include,
extends, load or debug) over a context of plain values, never model instances: it can show the
case's data and nothing else, and cannot reach code or other files.
"""

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection
from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import Lexer, TokenType
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from xhtml2pdf import pisa

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


def letter_render(case: Case, key: str, language: str) -> RenderedLetter:
    """The letter `key` for the case, in `language`, from the country's wording if it has one."""
    context = {**case.letter_context(), "today": timezone.localdate(), "country": connection.tenant.name}
    override = LetterTemplate.objects.filter(key=key, language=language).first()
    with translation.override(language):
        if override is not None:
            letter_template_check(override.subject)
            letter_template_check(override.body)
            subject = SAFE_ENGINE.from_string(override.subject).render(Context(context)).strip()
            body = SAFE_ENGINE.from_string(override.body).render(Context(context))
        else:
            subject = get_template(f"letters/{key}.subject.txt").render(context).strip()
            body = get_template(f"letters/{key}.html").render(context)
    return RenderedLetter(subject=subject, html=body)


def letter_pdf(html: str, title: str) -> bytes:
    """A letter as PDF, from the same HTML as its printable page (pure-Python rendering)."""
    document = (
        f"<html><head><meta charset='utf-8'><title>{escape(title)}</title></head><body>{html}</body></html>"
    )
    output = io.BytesIO()
    if pisa.CreatePDF(document, dest=output, encoding="utf-8").err:
        raise ValueError("the letter could not be turned into PDF")
    return output.getvalue()
