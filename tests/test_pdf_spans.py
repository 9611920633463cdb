"""Text in another language inside a paragraph of the tagged PDF, read back with pikepdf.

A paragraph that is in the document's language but holds a sentence left in the release's own
(an untranslated unit beside a translated dateline, or `m.Foreign` inside a paragraph) marks
that sentence as `/Span <</Lang (en-GB)>> BDC … EMC` inside the paragraph's MCID sequence
(PDF/UA-1 7.2, Matterhorn 11-004's intent; ISO 32000-1 14.9.2), on both drawing paths:
reportlab's Paragraph (French) and presskit's ScriptParagraph (Arabic), a paragraph split
across pages included. One-line fields left untranslated say their language on their element.
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from presskit import model as m
from presskit.i18n import translate
from presskit.i18n.store import canonical_locale, i18n_dir
from presskit.publish.inputs import load_release
from presskit.renderers import render
from presskit.themes.theme import Theme
from presskit.words.wording import plain_inlines

EXAMPLE = Path(__file__).resolve().parent.parent / "releases" / "gta-2025"
SENTENCE = "The number of reports rose sharply last year."
LONG = " ".join(f"Report {n} of the long English passage." for n in range(1, 181))
AROUND = {
    "fr": ("Selon le rapport, ", " Fin du paragraphe."),
    "ar": ("وفقا للتقرير، ", " نهاية الفقرة."),
}
TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def editions() -> dict[str, m.Release]:
    release = load_release(EXAMPLE)
    found = {}
    for locale, (before, after) in AROUND.items():
        edition, problems = translate(release, canonical_locale(locale), i18n_dir(release))
        assert not problems
        inside = [
            m.Paragraph((m.Text(before), m.Foreign("en-GB", (m.Text(text),)), m.Text(after)))
            for text in (SENTENCE, LONG)
        ]
        found[locale] = dataclasses.replace(edition, body=(edition.body[0], *inside, *edition.body[1:]))
    return found


@pytest.fixture(scope="module")
def pdfs(editions: dict[str, m.Release], theme: Theme) -> dict[str, bytes]:
    return {locale: render("pdf", edition, theme, edition.locale) for locale, edition in editions.items()}


@dataclass(frozen=True)
class Shown:
    """Text shown on a page, and the marked-content sequences around it (outermost first)."""

    page: int
    text: str
    sequences: tuple[tuple[str, Any], ...]  # (tag, properties or None)

    def lang(self) -> str | None:
        langs = [str(p.Lang) for _, p in self.sequences if p is not None and "/Lang" in p]
        return langs[-1] if langs else None

    def mcid(self) -> int | None:
        ids = [int(p.MCID) for _, p in self.sequences if p is not None and "/MCID" in p]
        return ids[-1] if ids else None


def unicode_map(font: Any) -> dict[int, str]:
    """A simple font's codes and their text, from its ToUnicode CMap (reportlab's bfchar lines)."""
    data = font.ToUnicode.read_bytes()
    entries = b"".join(part.split(b"endbfchar")[0] for part in data.split(b"beginbfchar")[1:])
    return {
        int(code, 16): bytes.fromhex(text.decode()).decode("utf-16-be")
        for code, text in BFCHAR.findall(entries)
    }


def shown_text(data: bytes) -> Iterator[Shown]:
    """Every string shown, decoded, with its sequences; asserting as it goes that marked content
    nests with text objects (a sequence begun inside BT … ET ends inside it) and is balanced."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages):
            fonts = {str(name): unicode_map(font) for name, font in page.Resources.Font.items()}
            stack: list[tuple[str, Any, int | None]] = []
            text_object: int | None = None
            objects = 0
            codes: dict[int, str] = {}
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op in ("BMC", "BDC"):
                    properties = operands[1] if op == "BDC" else None
                    stack.append((str(operands[0]), properties, text_object))
                elif op == "EMC":
                    assert stack, f"page {number + 1}: EMC without a sequence"
                    assert stack.pop()[2] == text_object, f"page {number + 1}: a sequence crosses BT/ET"
                elif op == "BT":
                    objects += 1
                    text_object = objects
                elif op == "ET":
                    assert all(opened != text_object for _, _, opened in stack), f"page {number + 1}"
                    text_object = None
                elif op == "Tf":
                    codes = fonts[str(operands[0])]
                elif op in TEXT_SHOWING:
                    strings = operands[-1] if op == "TJ" else [operands[-1]]
                    raw = b"".join(bytes(s) for s in strings if isinstance(s, pikepdf.String))
                    text = "".join(codes.get(byte, "") for byte in raw)
                    yield Shown(number, text, tuple((t, p) for t, p, _ in stack))
            assert not stack, f"page {number + 1}: marked content left open"


@pytest.mark.parametrize("locale", ["fr", "ar"])
def test_english_inside_a_paragraph_is_a_lang_span_of_it(pdfs: dict[str, bytes], locale: str) -> None:
    shown = list(shown_text(pdfs[locale]))
    english = [s for s in shown if s.lang() == "en-GB"]
    spoken = squeezed("".join(s.text for s in english))
    assert spoken == squeezed(SENTENCE + LONG), spoken[:200]
    for item in english:
        assert item.sequences[-1][0] == "/Span"  # its own span, inside the paragraph's sequence
        assert item.mcid() is not None and [t for t, _ in item.sequences].count("/P") == 1
    # The paragraph's own words around the sentence stay in the document's language.
    before, after = AROUND[locale]
    rest = squeezed("".join(s.text for s in shown if s.lang() is None))
    assert squeezed(after) in rest and squeezed(before) in rest
    # The long passage runs over a page's foot: each page's part is a span of its own.
    assert len({s.page for s in english}) >= 2


def test_only_the_paragraphs_holding_english_have_a_lang_span(pdfs: dict[str, bytes]) -> None:
    shown = list(shown_text(pdfs["fr"]))
    mcids = {(s.page, s.mcid()) for s in shown if s.lang() == "en-GB"}
    assert 1 <= len(mcids) <= 3  # the sentence's paragraph, and the long one on its two pages


def test_untranslated_one_line_fields_say_their_language(
    editions: dict[str, m.Release], theme: Theme
) -> None:
    english = {"subheadline": "A record year", "type_label": "Media statement", "source_line": "SOURCE Acme"}
    edition = dataclasses.replace(
        editions["fr"], **english, untranslated=frozenset(english), source_locale="en-GB"
    )
    marked = element_languages(render("pdf", edition, theme, edition.locale))
    for value in english.values():
        assert marked.get(squeezed(value)) == "en-GB", marked


def element_languages(data: bytes) -> dict[str, str]:
    """The text (whitespace taken out) of each element that says its language, and that language."""
    text: dict[tuple[int, int], str] = {}
    for item in shown_text(data):
        mcid = item.mcid()
        if mcid is not None:
            text[item.page, mcid] = text.get((item.page, mcid), "") + item.text
    marked = {}
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = {page.objgen: number for number, page in enumerate(pdf.pages)}
        for element in elements(pdf.Root.StructTreeRoot):
            if "/Lang" in element:
                page = pages[element.Pg.objgen]
                own = [k for k in element.K if isinstance(k, int)]
                marked[squeezed("".join(text.get((page, int(k)), "") for k in own))] = str(element.Lang)
    return marked


def elements(node: Any) -> Iterator[Any]:
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from elements(kid)


def test_a_body_paragraph_left_english_after_a_french_dateline_spans_its_english(
    theme: Theme, tmp_path: Path
) -> None:
    """An edition without translations: its first paragraph follows the French dateline, so only
    the paragraph's English (a `Foreign` unit) and the dateline's city (a one-line field) are
    spans; the dateline's date keeps the page's language."""
    release = load_release(EXAMPLE)
    french, _ = translate(release, "fr", tmp_path / "i18n")
    first = french.body[0]
    assert isinstance(first, m.Paragraph) and isinstance(first.children[0], m.Foreign)
    english = first.children[0].children[0]
    assert isinstance(english, m.Text)
    data = render("pdf", french, theme, "fr")
    shown = list(shown_text(data))
    paragraph = next(s for s in shown if "Global Threat Assessment 2025, launched" in s.text)
    words = [s for s in shown if (s.page, s.mcid()) == (paragraph.page, paragraph.mcid())]
    english_spans = squeezed("".join(s.text for s in words if s.lang() == "en-GB"))
    assert english_spans == squeezed(f"{french.dateline}{english.text}"), english_spans
    dateline = squeezed("".join(s.text for s in words if s.lang() is None))
    assert "décembre2025" in dateline, dateline
    # A paragraph wholly in English (the standfirst) says so on its element, not in a span.
    standfirst = squeezed(plain_inlines(french.standfirst, french, "fr"))
    assert element_languages(data).get(standfirst) == "en-GB"
    starts = [s for s in shown if standfirst.startswith(squeezed(s.text)) and s.text.strip()]
    first_line = max(starts, key=lambda s: len(s.text))  # a field elsewhere may be a span of its words
    assert not any(s.lang() for s in shown if (s.page, s.mcid()) == (first_line.page, first_line.mcid()))
