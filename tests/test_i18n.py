"""Languages: English and Dutch from day one, per-country default, a switcher that is remembered, and no
template text left out of translation."""

import re
from pathlib import Path

import polib
from django.conf import settings
from django.template.base import Lexer, TokenType

from tests.support import client_for, sign_in, user_in

LOCALE = Path(settings.LOCALE_PATHS[0])


def test_suriname_defaults_to_dutch_and_kn_to_english(countries, db):
    sr = client_for("sr.localhost").get("/accounts/login/")
    kn = client_for("kn.localhost").get("/accounts/login/")
    assert sr["Content-Language"] == "nl" and b'<html lang="nl">' in sr.content
    assert b"Aanmelden bij Suriname" in sr.content
    assert kn["Content-Language"] == "en" and b"Sign in to Saint Kitts and Nevis" in kn.content


def test_browser_language_does_not_override_the_country_default(countries, db):
    response = client_for("sr.localhost").get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert response["Content-Language"] == "nl"


def test_anonymous_switch_sets_a_host_only_cookie(countries, db):
    client = client_for("kn.localhost")
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/accounts/login/"})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "fr" and cookie["domain"] == ""
    assert client.get("/accounts/login/")["Content-Language"] == "fr"


def test_signed_in_switch_is_remembered_on_the_account(kn):
    client = sign_in(client_for("kn.localhost"), kn, "officer")
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    assert user_in(kn, "officer").preferred_language == "nl"
    # a new device, no cookie: still Dutch once signed in
    fresh = sign_in(client_for("kn.localhost"), kn, "officer")
    page = fresh.get("/")
    assert page["Content-Language"] == "nl"
    assert "Welkom" in page.content.decode()


def test_an_unsafe_next_is_not_followed(countries, db):
    response = client_for("kn.localhost").post(
        "/i18n/setlang/", {"language": "nl", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_unknown_language_changes_nothing(kn):
    client = sign_in(client_for("kn.localhost"), kn, "officer")
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert user_in(kn, "officer").preferred_language == ""


def test_every_language_has_a_catalogue_compiled_from_its_source():
    for code, _name in settings.LANGUAGES:
        if code == "en":
            continue
        po_path = LOCALE / code / "LC_MESSAGES" / "django.po"
        mo_path = po_path.with_suffix(".mo")
        assert po_path.exists() and mo_path.exists(), code
        po = polib.pofile(str(po_path))
        mo = polib.mofile(str(mo_path))
        translated = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in po.translated_entries()}
        compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in mo if e.msgid}
        assert translated == compiled, f"{code}: run `clmis compilemessages` after editing django.po"


def test_dutch_is_complete():
    po = polib.pofile(str(LOCALE / "nl" / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in po.untranslated_entries() + po.fuzzy_entries()]
    assert missing == []


# Words a template may show as they are: names, the same in every language.
NAMES = {"CLMIS", "CSV", "Excel", "PDF", "SDMX"}
TEMPLATE_ROOTS = ("platform", "modules", "regional_hub", "tenants", "extensions")
# What people do not read as prose: tags, code samples, scripts, styles, comments and entities.
NOT_PROSE = re.compile(
    r"<(script|style|code)\b.*?</\1>|<!--.*?-->|<[^>]*>|&[a-z0-9#]+;", re.DOTALL | re.IGNORECASE
)
# Attributes a person reads (or hears, with a screen reader), left as they are by the tags above.
READ_ATTRIBUTES = re.compile(r'\b(?:aria-label|title|placeholder|alt)="([^"]*)"')
WORD = re.compile(r"[A-Za-z]{2,}")


def _left_untranslatable(path: Path) -> list[str]:
    """The words of a template that would reach a page in English whatever the language: its text
    outside {% translate %} and {% blocktranslate %} (template tags and variables are not text)."""
    parts, inside = [], 0
    for token in Lexer(path.read_text(encoding="utf-8")).tokenize():
        if token.token_type == TokenType.TEXT:
            parts.append("" if inside else token.contents)
            continue
        name = (token.contents.split() or [""])[0]
        if name in ("blocktranslate", "blocktrans", "comment"):
            inside += 1
        elif name in ("endblocktranslate", "endblocktrans", "endcomment"):
            inside -= 1
        parts.append("\x00")  # a tag or a variable: not words, and no words run into it
    markup = "".join(parts)
    read = " ".join(READ_ATTRIBUTES.findall(markup)) + " " + NOT_PROSE.sub(" ", markup)
    return [word for word in WORD.findall(read) if word not in NAMES]


def test_no_template_leaves_text_untranslatable():
    root = Path(__file__).resolve().parents[1]
    templates = [path for base in TEMPLATE_ROOTS for path in (root / base).rglob("templates/**/*.html")]
    assert len(templates) > 100
    left = {str(path.relative_to(root)): words for path in templates if (words := _left_untranslatable(path))}
    assert left == {}, "wrap these in {% translate %} or {% blocktranslate %}: " + repr(left)
