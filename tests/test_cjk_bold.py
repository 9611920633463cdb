"""Bold Chinese, Japanese and Korean text is bold in every glyph, plain text is plain (issue 15).

A CJK family without a bold (AR PL UMing, WenQuanYi Zen Hei) is emboldened where it is drawn:
text rendering mode 2 (fill and stroke) with a line width. Its own Latin figures, emboldened
so, are of a lighter design than its Han: `新臺幣80,000,000元` came out with thin figures
between heavy characters. ASCII in CJK text is set in the theme's Latin font instead (as the web
page's font stack and Word's ASCII slot set it), whose bold is a face of its own.

The PDFs are read back with pikepdf, operator by operator: each glyph's font (its embedded
file's OS/2 weight), rendering mode, line width and text (the font's ToUnicode map).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from fontTools.ttLib import TTFont

from presskit import model as m
from presskit.publish.inputs import load_release
from presskit.renderers import pdf
from presskit.renderers.factsheet import facts
from presskit.renderers.factsheet import pdf as factsheet_pdf
from presskit.themes.theme import Theme
from presskit.words.fonts import inline_text

CORPUS = Path(__file__).resolve().parent / "corpus" / "world"
CJK = ("ja-hodo-shiryo", "ko-original", "zh-hans-institute", "zh-hant-agency")
# Whether the family of each language lacks a bold (the PDF emboldens it then).
WITHOUT_BOLD = {
    "ja-hodo-shiryo": False,
    "ko-original": False,
    "zh-hans-institute": True,
    "zh-hant-agency": True,
}
BOLD_WEIGHT = 600  # OS/2 usWeightClass from which a face is a bold (semibold and heavier)


@dataclass(frozen=True)
class Glyph:
    font: str  # the embedded font's name without its subset tag, e.g. DejaVuSans-Bold
    weight: int  # its OS/2 usWeightClass
    mode: int  # text rendering mode (Tr): 0 fills, 2 fills and strokes
    line_width: float  # the stroke's width (w) when the glyph is drawn
    text: str

    @property
    def real_bold(self) -> bool:
        return self.weight >= BOLD_WEIGHT

    @property
    def emboldened(self) -> bool:
        return self.mode == 2 and self.line_width > 0

    @property
    def bold(self) -> bool:
        return self.real_bold or self.emboldened


def unicode_map(font: Any) -> dict[int, str]:
    stream = font.get("/ToUnicode")
    if stream is None:
        return {}
    data = stream.read_bytes().decode("latin-1").split("beginbfchar", 1)[-1]
    return {
        int(code, 16): bytes.fromhex(text).decode("utf-16-be")
        for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", data)
    }


def weight_of(font: Any) -> int:
    embedded = TTFont(io.BytesIO(font.FontDescriptor.FontFile2.read_bytes()))
    return int(embedded["OS/2"].usWeightClass)


def glyphs(data: bytes) -> Iterator[Glyph]:
    """Every glyph the PDF's pages draw, in the order they are drawn."""
    document = pikepdf.open(io.BytesIO(data))
    for page in document.pages:
        fonts: dict[str, tuple[str, int, dict[int, str]]] = {
            str(key): (str(font.BaseFont).split("+")[-1], weight_of(font), unicode_map(font))
            for key, font in page.Resources.Font.items()
        }
        saved: list[tuple[int, float]] = []
        mode, width, current = 0, 1.0, None
        for operands, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            if name == "q":
                saved.append((mode, width))
            elif name == "Q":
                mode, width = saved.pop()
            elif name == "Tr":
                mode = int(operands[0])
            elif name == "w":
                width = float(operands[0])
            elif name == "Tf":
                current = fonts[str(operands[0])]
            elif name in ("Tj", "TJ", "'", '"'):
                assert current is not None, "text shown before any Tf"
                shown = operands[-1]
                strings = [s for s in shown if isinstance(s, pikepdf.String)] if name == "TJ" else [shown]
                font, weight, texts = current
                for string in strings:
                    for code in bytes(string):
                        yield Glyph(font, weight, mode, width, texts.get(code, ""))


def glyphs_of(drawn: list[Glyph], wanted: str) -> list[list[Glyph]]:
    """The glyphs drawing each occurrence of `wanted`, spaces left out (drawn or not, no weight)."""
    wanted = re.sub(r"\s", "", wanted)
    inked = [glyph for glyph in drawn if glyph.text.strip()]
    text = "".join(glyph.text for glyph in inked)
    owner = [index for index, glyph in enumerate(inked) for _ in glyph.text]
    found = []
    for match in re.finditer(re.escape(wanted), text):
        found.append([inked[i] for i in sorted(set(owner[match.start() : match.end()]))])
    assert found, f"{wanted!r} is not in the PDF's text"
    return found


def described(run: list[Glyph]) -> str:
    return " ".join(f"{g.text}:{g.font}/{g.weight}/Tr{g.mode}" for g in run)


@pytest.fixture(scope="module")
def corpus() -> dict[str, m.Release]:
    return {name: load_release(CORPUS / name) for name in CJK}


@pytest.fixture(scope="module")
def drawn(corpus: dict[str, m.Release], theme: Theme) -> dict[tuple[str, str], list[Glyph]]:
    """Each release's glyphs, in its release PDF ("pdf") and its fact sheet ("factsheet")."""
    found = {}
    for name, release in corpus.items():
        found[name, "pdf"] = list(glyphs(pdf.render(release, theme, release.locale)))
        found[name, "factsheet"] = list(glyphs(factsheet_pdf.render(release, theme, release.locale)))
    return found


def bold_texts(release: m.Release, document: str) -> list[str]:
    """Texts each document sets in bold: the headline and the contacts' names, and the fact
    sheet's figures (`新臺幣80,000,000元`), Latin figures and CJK characters together."""
    texts = [release.headline, *(contact.name for contact in release.contacts)]
    if document == "factsheet":
        texts += [fact.value for fact in facts(release, release.locale)]
    return texts


def plain_texts(release: m.Release, document: str) -> list[str]:
    """Texts each document sets in the regular weight: quotes and what each figure measures."""
    if document == "factsheet":
        return [fact.measure for fact in facts(release, release.locale)]
    return [inline_text(quote.text) for quote in release.quotes.values()]


@pytest.mark.parametrize("document", ["pdf", "factsheet"])
@pytest.mark.parametrize("name", CJK)
def test_every_glyph_of_bold_text_is_bold(
    drawn: dict[tuple[str, str], list[Glyph]], corpus: dict[str, m.Release], name: str, document: str
) -> None:
    for text in bold_texts(corpus[name], document):
        for run in glyphs_of(drawn[name, document], text):
            assert all(glyph.bold for glyph in run), f"{text!r} is not bold throughout: {described(run)}"


@pytest.mark.parametrize("document", ["pdf", "factsheet"])
@pytest.mark.parametrize("name", CJK)
def test_plain_text_stays_regular(
    drawn: dict[tuple[str, str], list[Glyph]], corpus: dict[str, m.Release], name: str, document: str
) -> None:
    for text in plain_texts(corpus[name], document):
        for run in glyphs_of(drawn[name, document], text):
            assert not any(glyph.bold for glyph in run), f"{text!r} is not regular: {described(run)}"


@pytest.mark.parametrize("document", ["pdf", "factsheet"])
@pytest.mark.parametrize("name", CJK)
def test_bold_figures_are_the_latin_bold_face_not_an_emboldened_cjk_one(
    drawn: dict[tuple[str, str], list[Glyph]], name: str, document: str
) -> None:
    """An ASCII figure or mark in bold CJK text is drawn in a bold face of its own (DejaVu Sans
    Bold), never emboldened from the CJK family's lighter Latin: only characters that family
    alone has are synthesised, and only in the two languages whose family has no bold."""
    bold = [glyph for glyph in drawn[name, document] if glyph.bold]
    latin = [glyph for glyph in bold if glyph.text.isascii() and glyph.text.strip()]
    assert latin, "no Latin figure is set in bold"
    assert {glyph.font for glyph in latin} == {"DejaVuSans-Bold"}, described(latin)
    assert all(glyph.mode == 0 for glyph in latin), described(latin)
    synthesised = [glyph for glyph in bold if glyph.emboldened]
    assert bool(synthesised) == WITHOUT_BOLD[name]
    assert all(not glyph.text.isascii() for glyph in synthesised), described(synthesised)


@pytest.mark.parametrize("name", CJK)
def test_figures_in_plain_cjk_text_are_the_regular_latin_face(
    drawn: dict[tuple[str, str], list[Glyph]], name: str
) -> None:
    """The same figures in running text (`預計復育15公頃`) are the Latin font's regular: one
    design for a figure in every weight, as on the web page and in Word."""
    plain = [g for g in drawn[name, "pdf"] if not g.bold and g.text.isascii() and g.text.strip()]
    assert plain
    assert {glyph.font for glyph in plain} == {"DejaVuSans"}, described(plain)


def test_the_taiwan_figure_is_emboldened_han_around_bold_latin_figures(
    drawn: dict[tuple[str, str], list[Glyph]],
) -> None:
    """The figure the issue was seen on, glyph by glyph."""
    (run,) = glyphs_of(drawn["zh-hant-agency", "factsheet"], "新臺幣80,000,000元")
    faces = [(glyph.text, glyph.font, glyph.emboldened) for glyph in run]
    assert faces == [
        *((char, "UMingTW-2", True) for char in "新臺幣"),
        *((char, "DejaVuSans-Bold", False) for char in "80,000,000"),
        ("元", "UMingTW-2", True),
    ]


def test_ascii_in_cjk_text_is_a_segment_of_its_own_and_spaces_stay_with_their_text() -> None:
    from presskit.themes.fonts import font_segments

    text = "新臺幣80,000,000元 計畫 (A)"
    segments = [(text[start:end], script, latin) for start, end, script, latin in font_segments(text)]
    assert segments == [
        ("新臺幣", "Hani", False),
        ("80,000,000", "Hani", True),
        ("元 計畫", "Hani", False),  # a space alone takes the CJK text's font
        (" (", "Hani", True),
        ("A)", "Latn", False),  # Latin letters are a run of their own already
    ]
