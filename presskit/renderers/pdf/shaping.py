"""The paragraph's text, styled, shaped and measured (independent of the width).

Its characters in pieces of one font (a fallback font where the style's lacks
them), their embedding levels (the markup's isolate controls, FSI … PDI, taken out
of the text and resolved as isolates), and runs of one piece and level shaped by
HarfBuzz, the paragraph around each given as context.
"""

from __future__ import annotations

import bisect
import collections
import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from reportlab.pdfbase import pdfmetrics

from presskit.renderers.pdf.direction import (
    INITIATORS,
    LEFT_TO_RIGHT_ISOLATE,
    POP_DIRECTIONAL_ISOLATE,
    Isolate,
    embedding_levels,
    paragraph_is_right_to_left,
)
from presskit.renderers.pdf.faces import REGISTERED, ShapingTTFont, face_name, harfbuzz_font
from presskit.renderers.pdf.markup import LANGUAGE_BEGINS, LANGUAGE_ENDS
from presskit.renderers.pdf.setting import ScriptSetting
from presskit.words import fonts

LINE_BREAK = "\u2028"  # <br/> inside the paragraph's text: bidi class WS, a forced break
SHAPING_CONTEXT = 16  # characters of the paragraph either side of a run HarfBuzz is given


@dataclass(frozen=True)
class Piece:
    """Characters [start, end) of the paragraph's text in one font, size, colour and link."""

    start: int
    end: int
    font_name: str
    size: float
    colour: Any
    rise: float
    link: str | None


class Glyph(NamedTuple):  # a tuple, not a dataclass: a page of Arabic makes thousands
    glyph: int
    cluster: int  # index of the first character it stands for
    text: str  # what it extracts as: its share of its cluster's text (`cluster_share`)
    advance: float  # points
    x_offset: float
    y_offset: float
    natural: float  # its own advance in 1/1000 em, for the font's Widths


@dataclass(frozen=True)
class Run:
    """A run of one piece and one embedding level, shaped: glyphs in visual order."""

    piece: Piece
    start: int
    end: int
    level: int
    glyphs: tuple[Glyph, ...]

    @functools.cached_property
    def clusters(self) -> list[int] | None:
        """The glyphs' clusters in ascending order (reversed for a right-to-left run), or None
        where they are not in order (HarfBuzz keeps them so: MONOTONE_CHARACTERS)."""
        order = [glyph.cluster for glyph in self.glyphs]
        if self.level % 2:
            order.reverse()
        return order if all(a <= b for a, b in zip(order, order[1:], strict=False)) else None

    def glyphs_between(self, start: int, end: int) -> tuple[Glyph, ...]:
        """The glyphs of characters [start, end), found by halving, not by reading every glyph:
        a line of a long paragraph is a small part of a run that may be the whole of it."""
        clusters = self.clusters
        if clusters is None:
            return tuple(g for g in self.glyphs if start <= g.cluster < end)
        low, high = bisect.bisect_left(clusters, start), bisect.bisect_left(clusters, end)
        if self.level % 2:
            count = len(self.glyphs)
            return self.glyphs[count - high : count - low]
        return self.glyphs[low:high]


@dataclass(frozen=True)
class Prepared:
    text: str
    runs: tuple[Run, ...]
    advances: tuple[float, ...]  # per character: its cluster's advance on the first, else 0
    prefix: tuple[float, ...]  # prefix sums of advances
    cluster_start: tuple[bool, ...]  # a line may be cut before this character
    anchors: tuple[tuple[int, str], ...]  # (character index, name) of <a name> targets
    rtl: bool
    languages: tuple[Language, ...] = ()  # text in another language, in the order it begins

    def width(self, start: int, end: int) -> float:
        return self.prefix[end] - self.prefix[start]

    @functools.cached_property
    def run_ends(self) -> list[int]:
        """Where each run ends: runs follow one another through the text, in its order."""
        return [run.end for run in self.runs]


def _link_of(frag: Any) -> str | None:
    links = getattr(frag, "link", None) or []
    return str(links[-1][1]) if links else None


class Language(NamedTuple):
    """Characters [start, end) of the text written in `lang` (`markup.language_markup`)."""

    start: int
    end: int
    lang: str


@dataclass(frozen=True)
class Flattened:
    """The frags' text with white space collapsed and isolate controls taken out, its pieces,
    its anchors, its isolates (where those controls were) and its spans in another language."""

    text: str
    pieces: list[Piece]
    anchors: list[tuple[int, str]]
    isolates: tuple[Isolate, ...]
    languages: tuple[Language, ...] = ()


def flatten(frags: Sequence[Any]) -> Flattened:
    chars: list[str] = []
    pieces: list[Piece] = []
    anchors: list[tuple[int, str]] = []
    isolates: list[Isolate] = []
    open_isolates: list[tuple[int, str]] = []
    languages: list[Language] = []
    open_languages: list[tuple[int, str]] = []
    for frag in frags:
        definition = getattr(frag, "cbDefn", None)
        if definition is not None:
            kind, name = getattr(definition, "kind", None), getattr(definition, "name", None)
            if kind == "anchor":
                anchors.append((len(chars), str(name)))
            elif name == LANGUAGE_BEGINS and definition.label:
                open_languages.append((len(chars), str(definition.label)))
            elif name == LANGUAGE_ENDS and open_languages:
                begun, lang = open_languages.pop()
                languages.append(Language(begun, len(chars), lang))
            continue
        text = LINE_BREAK if getattr(frag, "lineBreak", False) else frag.text
        start = len(chars)
        for char in text:
            if char in " \t\r\n":
                if chars and chars[-1] not in (" ", LINE_BREAK):
                    chars.append(" ")
            elif char == LINE_BREAK and chars and chars[-1] == " ":
                chars[-1] = LINE_BREAK
            elif char in INITIATORS:
                open_isolates.append((len(chars), char))
            elif char == POP_DIRECTIONAL_ISOLATE:
                if open_isolates:
                    begun, initiator = open_isolates.pop()
                    isolates.append(Isolate(begun, len(chars), initiator))
            else:
                chars.append(char)
        if len(chars) > start:
            pieces.append(
                Piece(
                    start, len(chars), frag.fontName, frag.fontSize, frag.textColor, frag.rise, _link_of(frag)
                )
            )
    while chars and chars[-1] == " ":
        chars.pop()
    text = "".join(chars)
    isolates.extend(Isolate(begun, len(chars), initiator) for begun, initiator in open_isolates)
    pieces = [
        Piece(p.start, min(p.end, len(text)), p.font_name, p.size, p.colour, p.rise, p.link)
        for p in pieces
        if p.start < len(text)
    ]
    isolates = [Isolate(i.start, min(i.end, len(text)), i.initiator) for i in isolates if i.start < len(text)]
    languages.extend(Language(begun, len(chars), lang) for begun, lang in open_languages)
    spans = sorted(
        (
            Language(g.start, min(g.end, len(text)), g.lang)
            for g in languages
            if g.start < min(g.end, len(text))
        ),
        key=lambda g: (g.start, -g.end),
    )
    return Flattened(text, pieces, anchors, tuple(isolates), tuple(spans))


def with_fallback(text: str, pieces: list[Piece], setting: ScriptSetting) -> list[Piece]:
    """The pieces cut where another font must set the characters, in the same weight and slant."""
    out: list[Piece] = []
    for piece in pieces:
        if piece.font_name not in REGISTERED:
            out.append(piece)
            continue
        base, face = REGISTERED[piece.font_name]
        for run in setting.chooser(base).runs(text[piece.start : piece.end], face):
            files = run.font or base  # a character no font has is drawn as the base's empty box
            name = piece.font_name if files == base else face_name(files, face)
            out.append(
                Piece(
                    piece.start + run.start,
                    piece.start + run.end,
                    name,
                    piece.size,
                    piece.colour,
                    piece.rise,
                    piece.link,
                )
            )
    return out


def shape(text: str, start: int, end: int, piece: Piece, level: int, language: str) -> Run:
    """HarfBuzz's glyphs for text[start:end], the text either side given as context."""
    import uharfbuzz

    font: ShapingTTFont = pdfmetrics.getFont(piece.font_name)
    hb_font = harfbuzz_font(font.path, font.index)
    upem = hb_font.face.upem
    buffer = uharfbuzz.Buffer()
    # HarfBuzz keeps no more than five characters of context either side (HB_BUFFER_CONTEXT_LENGTH):
    # given the whole paragraph, each run would copy all of it, and a paragraph of many runs
    # would cost the square of its length.
    offset = max(0, start - SHAPING_CONTEXT)
    buffer.add_str(text[offset : end + SHAPING_CONTEXT], start - offset, end - start)
    buffer.direction = "rtl" if level % 2 else "ltr"
    buffer.language = language
    buffer.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    buffer.guess_segment_properties()
    uharfbuzz.shape(hb_font, buffer)
    infos, positions = buffer.glyph_infos, buffer.glyph_positions
    clusters = sorted({info.cluster + offset for info in infos})
    following = dict(zip(clusters, [*clusters[1:], end], strict=True))
    scale = piece.size / upem
    natural = natural_advances(font.path, font.index)
    in_cluster = collections.Counter(info.cluster for info in infos)
    seen: collections.Counter[int] = collections.Counter()
    glyphs: list[Glyph] = []
    for info, position in zip(infos, positions, strict=True):
        cluster, glyph = info.cluster + offset, info.codepoint
        whole = text[cluster : following[cluster]]
        stands_for = cluster_share(whole, in_cluster[info.cluster], seen[cluster])
        seen[cluster] += 1
        advance = natural.get(glyph)
        if advance is None:
            advance = natural[glyph] = hb_font.get_glyph_h_advance(glyph) * 1000 / upem
        glyphs.append(
            Glyph(
                glyph,
                cluster,
                stands_for,
                position.x_advance * scale,
                position.x_offset * scale,
                position.y_offset * scale,
                advance,
            )
        )
    return Run(piece, start, end, level, tuple(glyphs))


def cluster_share(text: str, glyphs: int, index: int) -> str:
    """What the `index`th of a cluster's `glyphs` glyphs extracts as: each further glyph one
    character of the cluster's `text`, the first the rest, so every glyph stands for some text
    (PDF/UA 7.21.7) and together, in the order they are drawn, for the cluster's text, which its
    /ActualText also gives. A glyph beyond the cluster's characters (one character drawn as
    several glyphs) stands for none ("": faces.ShapingTTFont.key maps it to a word joiner)."""
    head = len(text) - glyphs + 1
    if index == 0:
        return text[: max(head, 1)]
    at = head + index - 1 if head >= 1 else index
    return text[at : at + 1]


@functools.lru_cache(maxsize=32)
def natural_advances(path: str, index: int) -> dict[int, float]:
    """A font's glyph advances in 1/1000 em, filled in as glyphs are met."""
    return {}


def prepare(frags: Sequence[Any], setting: ScriptSetting) -> Prepared:
    flat = flatten(frags)
    text, anchors = flat.text, flat.anchors
    pieces = with_fallback(text, flat.pieces, setting)
    rtl = paragraph_is_right_to_left(text, setting.rtl)
    # A web address written left to right is isolated, its trailing "/" included.
    addresses = tuple(
        Isolate(piece.start, piece.end, LEFT_TO_RIGHT_ISOLATE)
        for piece in pieces
        if piece.link
        and not piece.link.startswith("#")
        and not fonts.has_right_to_left(piece_text(text, piece))
    )
    levels = embedding_levels(text, 1 if rtl else 0, (*flat.isolates, *addresses) if rtl else flat.isolates)
    runs: list[Run] = []
    for piece in pieces:
        start = piece.start
        for index in range(piece.start + 1, piece.end + 1):
            if index == piece.end or levels[index] != levels[start]:
                runs.append(shape(text, start, index, piece, levels[start], setting.language))
                start = index
    advances = [0.0] * len(text)
    cluster_start = [False] * (len(text) + 1)
    for run in runs:
        for glyph in run.glyphs:
            advances[glyph.cluster] += glyph.advance
            cluster_start[glyph.cluster] = True
    cluster_start[len(text)] = True
    prefix = [0.0]
    for advance in advances:
        prefix.append(prefix[-1] + advance)
    return Prepared(
        text,
        tuple(runs),
        tuple(advances),
        tuple(prefix),
        tuple(cluster_start),
        tuple(anchors),
        rtl,
        flat.languages,
    )


def piece_text(text: str, piece: Piece) -> str:
    return text[piece.start : piece.end]
