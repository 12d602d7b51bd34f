"""The simple rich text of articles: a small Markdown subset, rendered with everything else escaped.

Written here rather than taken from a library so that what reaches the public page is exactly this
subset: no HTML passes through, and a link goes only to an http or https address.

    ## Heading          ### Smaller heading
    **bold**  *italic*  [text](https://example.org)
    - an item of a list
    A blank line ends a paragraph.
"""

import re
from html import escape

from django.utils.safestring import SafeString, mark_safe

LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
BOLD = re.compile(r"\*\*(.+?)\*\*")
ITALIC = re.compile(r"\*(.+?)\*")
WEB_ADDRESS = re.compile(r"https?://[^\s]+", re.IGNORECASE)
HEADINGS = (("### ", "h3"), ("## ", "h2"))


def markup_html(text: str) -> SafeString:
    """The body of an article as HTML: paragraphs, headings, lists, bold, italic and web links."""
    blocks: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(f"<p>{' '.join(paragraph)}</p>")
            paragraph.clear()
        if items:
            blocks.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
            items.clear()

    for line in (text or "").splitlines():
        line = line.strip()
        heading = next(((prefix, tag) for prefix, tag in HEADINGS if line.startswith(prefix)), None)
        if not line:
            flush()
        elif heading:
            flush()
            prefix, tag = heading
            blocks.append(f"<{tag}>{_inline(line[len(prefix) :].strip())}</{tag}>")
        elif line.startswith("- "):
            if paragraph:
                flush()
            items.append(_inline(line[2:].strip()))
        else:
            if items:
                flush()
            paragraph.append(_inline(line))
    flush()
    return mark_safe("\n".join(blocks))  # noqa: S308 - every piece of text above went through escape()


def _inline(text: str) -> str:
    """Bold, italic and links within a line; all text escaped, a link kept only to a web address."""
    parts, start = [], 0
    for link in LINK.finditer(text):
        parts.append(_emphasis(text[start : link.start()]))
        label, address = _emphasis(link.group(1)), link.group(2)
        if WEB_ADDRESS.fullmatch(address):
            parts.append(f'<a href="{escape(address, quote=True)}" rel="nofollow noopener">{label}</a>')
        else:
            parts.append(label)  # a javascript:, data: or relative address: the words stay, no link
        start = link.end()
    parts.append(_emphasis(text[start:]))
    return "".join(parts)


def _emphasis(text: str) -> str:
    escaped = escape(text, quote=True)
    escaped = BOLD.sub(r"<strong>\1</strong>", escaped)
    return ITALIC.sub(r"<em>\1</em>", escaped)
