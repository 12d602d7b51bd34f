"""The guides of docs/guide/<language>/<guide>.md, rendered to HTML for the Help menu.

The Markdown stays readable where it is written (on GitHub, in an editor): its screenshots are
`screenshots/<file>` beside it and its links to other guides `<guide>.md`. Here they become the
static files' and the Help menu's addresses.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from markdown_it import MarkdownIt

# The guides in the order of the index: one for each role's guide_key, and the public sites' readers'.
GUIDES = (
    "officer",
    "supervisor",
    "statistician",
    "agency_submitter",
    "lmis_admin",
    "service_provider",
    "regional_analyst",
    "hub_admin",
    "public",
)
FALLBACK_LANGUAGE = "en"


@dataclass(frozen=True)
class Guide:
    key: str
    language: str
    title: str
    html: SafeString


def guide_directory() -> Path:
    return Path(settings.GUIDE_DIR)


def guide_get(key: str, language: str | None = None) -> Guide:
    """The guide in the language asked (the page's, by default), else in English."""
    if key not in GUIDES:
        raise Http404
    language = (language or get_language() or FALLBACK_LANGUAGE).split("-")[0]
    if not (guide_directory() / language / f"{key}.md").exists():
        language = FALLBACK_LANGUAGE
    return _rendered(key, language)


def guides_list(language: str | None = None) -> list[Guide]:
    return [guide_get(key, language) for key in GUIDES]


@lru_cache(maxsize=64)
def _rendered(key: str, language: str) -> Guide:
    """Rendered once per process: the guides change only with a new release of the application."""
    path = guide_directory() / language / f"{key}.md"
    if not path.exists():
        raise Http404
    text = path.read_text(encoding="utf-8")
    title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), key)
    markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = markdown.parse(text)
    for token in tokens:
        for child in token.children or ():
            if child.type == "image":
                child.attrSet("src", _screenshot(language, str(child.attrGet("src"))))
                child.attrSet("loading", "lazy")
            elif child.type == "link_open":
                child.attrSet("href", _link(str(child.attrGet("href"))))
    html = markdown.renderer.render(tokens, markdown.options, {})
    # Written by the project and rendered with raw HTML off: the Markdown's own markup only.
    return Guide(key=key, language=language, title=title, html=mark_safe(html))  # noqa: S308


def _screenshot(language: str, src: str) -> str:
    if src.startswith("screenshots/"):
        return static(f"guide/{language}/{src}")
    return src


def _link(href: str) -> str:
    """Another guide's Markdown file becomes its page in the Help menu; anything else is left as it is."""
    name, _hash, fragment = href.partition("#")
    if "/" not in name and name.endswith(".md") and name.removesuffix(".md") in GUIDES:
        address = reverse("help:guide", args=[name.removesuffix(".md")])
        return f"{address}#{fragment}" if fragment else address
    return href
