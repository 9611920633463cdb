"""Text for reportlab's paragraph markup: user text shown literally, links, anchors and
the language of text in another language than the document's."""

from __future__ import annotations

import re

from presskit import model as m

# The `<onDraw>` callbacks that begin and end text in another language inside a paragraph:
# drawn, a `/Span <</Lang …>>` marked-content sequence around its glyphs (`paragraphs`, `script`).
LANGUAGE_BEGINS = "presskit_lang"
LANGUAGE_ENDS = "presskit_lang_end"
LANGUAGE_TAG = re.compile("[A-Za-z0-9-]+")

# C0 controls other than tab and newline (and DEL) have no glyph and upset PDF viewers.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f]")


def escape(text: str) -> str:
    """&, < and > as entities, & first: what xml.sax.saxutils.escape does, without importing
    that module (it imports urllib and ssl, which nothing else in a build needs)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clean(text: str) -> str:
    return CONTROL_CHARACTERS.sub("", text)


def text_markup(text: str) -> str:
    """User text made safe for Paragraph markup: shown literally, never interpreted."""
    return escape(clean(text))


def lines_markup(text: str) -> str:
    """`text_markup` for a field of several lines (a two-line subheadline): each a line of its own."""
    return "<br/>".join(text_markup(line) for line in text.split("\n"))


def attribute(value: str) -> str:
    return escape(clean(value)).replace('"', "&quot;")


def link_markup(url: str, inner: str, colour: str) -> str:
    # Paragraph turns "#name" and "document:" hrefs into jumps inside this PDF;
    # a user's URL never may, or a missing destination would fail the build.
    if url.startswith(("#", "document:")):
        return inner
    return f'<a href="{attribute(url)}" color="{colour}">{inner}</a>'


def source_anchor(source: m.Source) -> str:
    return f"source-{source.number}"


def language_markup(lang: str, inner: str) -> str:
    """`inner` marked as written in `lang` (BCP 47): zero-width callbacks either side, which
    neither reportlab's line breaking nor presskit's shaping sees as text."""
    if not LANGUAGE_TAG.fullmatch(lang):
        return inner
    return f'<onDraw name="{LANGUAGE_BEGINS}" label="{lang}"/>{inner}<onDraw name="{LANGUAGE_ENDS}"/>'


def language_property(lang: str) -> str:
    """The marked-content sequence that says its text is in `lang` (a checked BCP 47 tag)."""
    return f"/Span <</Lang ({lang})>> BDC"
