"""Paragraphs in any script for the PDF: font fallback, shaping, bidi lines and CJK breaks.

reportlab's own Paragraph sets each run in one font, shapes nothing and lays
every line out left to right. That is right for Latin, Greek and Cyrillic in a
font that has them, and wrong for everything else: Arabic letters stay unjoined,
Hebrew and Arabic words come out in the wrong order, Devanagari and Thai lose
their reordering and mark positions, Chinese and Japanese break only at spaces.
A `ScriptParagraph` takes the same markup and style and:

1. gives each character a font that has it (`presskit.themes.fonts.FontChooser`), in
   the weight and slant of the markup around it;
2. resolves the Unicode Bidirectional Algorithm's embedding levels for the
   whole paragraph (python-bidi's rules, plus bracket pairs (N0) and web
   addresses kept left to right, which it lacks); the base direction is the
   locale's, or the other one for a paragraph wholly in the other direction;
3. shapes each run of one font, size and level with HarfBuzz, the paragraph
   around it given as context so that letters join across a change of style;
4. breaks lines at spaces, between CJK characters (never before closing or
   after opening punctuation) and, for a word wider than the line, between
   two clusters;
5. reorders each line's runs for display (rule L2) and draws every glyph where
   HarfBuzz placed it, aligned to the paragraph's start (right in RTL).

Text extraction. A shaped glyph (a joined Arabic form, a ligature, a reordered
Devanagari vowel sign) often has no character of its own in the font, so each
glyph gets a code whose ToUnicode entry is the text it stands for: copying and
extraction give the characters that were typed. Glyphs are written in logical
order, each positioned, so text comes out in reading order whatever their
order on the line; in a line holding right-to-left text each cluster is its
own text object, so that extractors which guess direction from the characters
(pypdf reverses runs of Hebrew and Arabic) cannot move words across runs.
"""

from __future__ import annotations

import bisect
import copy
import functools
import hashlib
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, cast

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.paragraph import FragLine, _split_blParaHard, _split_blParaSimple
from reportlab.rl_config import _FUZZ

from presskit.themes import fonts as theme_fonts
from presskit.themes.theme import Theme
from presskit.words import fonts
from presskit.words.fonts import FontFiles

LINE_BREAK = "\u2028"  # <br/> inside the paragraph's text: bidi class WS, a forced break
# Spaces a line may break at; no-break spaces (U+00A0, U+2007, U+202F) are not among them.
BREAKING_SPACES = frozenset(" \u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000")
ZERO_WIDTH_SPACE = "\u200b"
FIRST_PRIVATE_CODE = 0x10FFFD  # plane 16, counting down: no text a release holds uses it
SHAPING_CONTEXT = 16  # characters of the paragraph either side of a run HarfBuzz is given

# --------------------------------------------------------------------------
# Fonts: registered once per process, each able to show glyphs no character maps to

REGISTERED: dict[str, tuple[FontFiles, str]] = {}  # font name -> its files and face
FAMILY_OF: dict[tuple[FontFiles, str], str] = {}  # files, face -> font name
FACES = ("regular", "bold", "italic", "bold_italic")


class ShapingTTFont(TTFont):  # type: ignore[misc]
    """A TrueType font that can also show glyphs no character maps to.

    Such a glyph (a contextual form, a ligature) gets a private code point in
    this font's own tables, and the ToUnicode map written for the subset that
    holds it gives the text the glyph stands for.
    """

    def __init__(self, name: str, path: str, index: int = 0) -> None:
        super().__init__(name, path, subfontIndex=index, shapable=False)
        self.path = path
        self.index = index
        self.actual_text: dict[int, str] = {}
        self._keys: dict[tuple[int, str], str] = {}
        self._next_private = FIRST_PRIVATE_CODE

    def key(self, glyph: int, text: str, advance: float) -> str:
        """The character that shows `glyph` and extracts as `text`; `advance` in 1/1000 em."""
        if len(text) == 1 and self.face.charToGlyph.get(ord(text)) == glyph:
            return text
        found = self._keys.get((glyph, text))
        if found is None:
            code = self._next_private
            self._next_private -= 1
            self.face.charToGlyph[code] = glyph
            self.face.charWidths[code] = round(advance)
            self.actual_text[code] = text
            found = self._keys[(glyph, text)] = chr(code)
        return found

    def addObjects(self, doc: Any) -> None:  # noqa: N802 (reportlab's name)
        state = self.state.get(doc)
        subsets = [list(subset) for subset in state.subsets] if state is not None else []
        super().addObjects(doc)
        for number, subset in enumerate(subsets):
            if not any(code in self.actual_text or code > 0xFFFF for code in subset):
                # reportlab's own map is right for this subset; it writes "%04X", which
                # breaks for characters beyond U+FFFF (emoji, CJK extension B)
                continue
            name = b"".join((SUBSETN(number), b"+", self.face.name, self.face.subfontNameX)).decode("pdfdoc")
            doc.idToObject["toUnicodeCMap:" + name].content = to_unicode_cmap(name, subset, self.actual_text)


def to_unicode_cmap(name: str, subset: Sequence[int], actual_text: dict[int, str]) -> str:
    """reportlab's ToUnicode CMap, with each private code mapped to the text its glyph shows."""

    def utf16(text: str) -> str:
        return text.encode("utf-16-be").hex().upper()

    entries = [
        f"<{code:02X}> <{utf16(actual_text.get(value, chr(value)))}>" for code, value in enumerate(subset)
    ]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({name})",
            f"/Ordering ({name})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(entries)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


def register_family(files: FontFiles) -> str:
    """Register the family's faces once per process; return the family's name.

    reportlab's registry is global, so names come from the files' paths: two
    themes with different files never share a name, the same files share one.
    Every face gets its own name, `<family>-regular`, `-bold`, `-italic` and
    `-bold-italic`, even where a family lacks the face and its file is another
    face's (a CJK or symbol font with one face, an Arabic one without italic):
    a face that is the same file as another is read once and named twice. One
    name per face also keeps <b> and <i> in markup right: reportlab maps a
    font name back to a single weight and slant.
    """
    paths = (files.regular, files.bold, files.italic, files.bold_italic)
    key = "\0".join(map(str, paths)) + ("" if files.index == 0 else f"\0{files.index}")
    family = "presskit-" + hashlib.sha256(key.encode()).hexdigest()[:16]
    if (files, "regular") in FAMILY_OF:
        return family
    read: dict[Path, ShapingTTFont] = {}
    names: dict[str, str] = {}
    for face, path in zip(FACES, paths, strict=True):
        name = names[face] = f"{family}-{face.replace('_', '-')}"
        font = read.get(path)
        if font is None:
            index = files.index if path.suffix.lower() == ".ttc" else 0
            font = read[path] = ShapingTTFont(name, str(path), index)
            pdfmetrics.registerFont(font)
        else:
            register_alias(font, name)
        REGISTERED.setdefault(name, (files, face))
        FAMILY_OF[(files, face)] = name
    pdfmetrics.registerFontFamily(
        family,
        normal=names["regular"],
        bold=names["bold"],
        italic=names["italic"],
        boldItalic=names["bold_italic"],
    )
    return family


def register_alias(font: ShapingTTFont, name: str) -> None:
    """`font` registered under `name` as well, without reading its file again.

    reportlab's registerFont maps a new name of a face it already holds to the
    font object it holds, so one font is embedded whichever name draws it; a
    shallow copy carrying the new name is all it reads.
    """
    alias = copy.copy(font)
    alias.fontName = name
    pdfmetrics.registerFont(alias)


def face_name(files: FontFiles, face: str) -> str:
    """The registered font name of one face of `files` (registering the family if need be)."""
    register_family(files)
    return FAMILY_OF[(files, face)]


@functools.lru_cache(maxsize=32)
def harfbuzz_font(path: str, index: int) -> Any:
    import uharfbuzz

    return uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob.from_file_path(path), index))


# --------------------------------------------------------------------------
# What a paragraph needs to know of its document


@dataclass
class ScriptSetting:
    """The document-wide facts a ScriptParagraph uses: fonts, language, base direction."""

    theme: Theme
    locale: str
    rtl: bool
    _choosers: dict[FontFiles, theme_fonts.FontChooser] = field(default_factory=dict)

    @property
    def language(self) -> str:
        return self.locale.split("-")[0].lower()

    def chooser(self, base: FontFiles) -> theme_fonts.FontChooser:
        if base not in self._choosers:
            self._choosers[base] = theme_fonts.FontChooser(self.theme, base)
        return self._choosers[base]

    def needs_script_layout(self, text: str, font_name: str) -> bool:
        """Whether plain reportlab cannot set `text` (markup included) in `font_name`.

        ASCII in a font that has it is the fast path every English paragraph takes.
        """
        if self.rtl or lacks_ascii(font_name):
            return True
        if text.isascii():
            return False
        cmap = pdfmetrics.getFont(font_name).face.charToGlyph
        for char in text:
            if char.isascii():
                continue
            script = fonts.script_of(char)
            if script not in fonts.SIMPLE_SCRIPTS or fonts.is_right_to_left(char):
                return True
            if ord(char) not in cmap and fonts.needs_glyph(char):
                return True
        return False


@functools.lru_cache(maxsize=64)
def lacks_ascii(font_name: str) -> bool:
    """Whether the font lacks a printable ASCII character, as an Arabic, CJK or symbol family
    named as a theme's font may: reportlab would draw its empty box where another font has it."""
    cmap = pdfmetrics.getFont(font_name).face.charToGlyph
    return any(code not in cmap for code in range(0x21, 0x7F))


# --------------------------------------------------------------------------
# The paragraph's text, styled, shaped and measured (independent of the width)


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
    text: str  # what it extracts as ("" for the further glyphs of a cluster)
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

    def width(self, start: int, end: int) -> float:
        return self.prefix[end] - self.prefix[start]

    @functools.cached_property
    def run_ends(self) -> list[int]:
        """Where each run ends: runs follow one another through the text, in its order."""
        return [run.end for run in self.runs]


def _link_of(frag: Any) -> str | None:
    links = getattr(frag, "link", None) or []
    return str(links[-1][1]) if links else None


def flatten(frags: Sequence[Any]) -> tuple[str, list[Piece], list[tuple[int, str]]]:
    """The frags' text with white space collapsed, its pieces and its anchors."""
    chars: list[str] = []
    pieces: list[Piece] = []
    anchors: list[tuple[int, str]] = []
    for frag in frags:
        definition = getattr(frag, "cbDefn", None)
        if definition is not None:
            if getattr(definition, "kind", None) == "anchor":
                anchors.append((len(chars), str(definition.name)))
            continue
        text = LINE_BREAK if getattr(frag, "lineBreak", False) else frag.text
        start = len(chars)
        for char in text:
            if char in " \t\r\n":
                if chars and chars[-1] not in (" ", LINE_BREAK):
                    chars.append(" ")
            elif char == LINE_BREAK and chars and chars[-1] == " ":
                chars[-1] = LINE_BREAK
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
    pieces = [
        Piece(p.start, min(p.end, len(text)), p.font_name, p.size, p.colour, p.rise, p.link)
        for p in pieces
        if p.start < len(text)
    ]
    return text, pieces, anchors


def with_fallback(text: str, pieces: list[Piece], setting: ScriptSetting) -> list[Piece]:
    """The pieces cut where another font must set the characters, in the same weight and slant."""
    out: list[Piece] = []
    for piece in pieces:
        if piece.font_name not in REGISTERED:
            out.append(piece)
            continue
        base, face = REGISTERED[piece.font_name]
        for run in setting.chooser(base).runs(text[piece.start : piece.end]):
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


def embedding_levels(text: str, base_level: int) -> list[int]:
    """The resolved embedding level of each character (rules P2 to I2 of UAX #9)."""
    if base_level == 0 and not fonts.has_right_to_left(text):
        return [0] * len(text)
    from bidi import algorithm

    storage = algorithm.get_empty_storage()
    storage["base_level"] = base_level
    storage["base_dir"] = ("L", "R")[base_level]
    algorithm.get_embedding_levels(text, storage)
    for index, entry in enumerate(storage["chars"]):
        entry["index"] = index
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    levels = [-1] * len(text)
    for entry in storage["chars"]:
        levels[entry["index"]] = entry["level"]
    # Characters rule X9 removed (joiners, embedding controls) take their neighbour's level.
    previous = base_level
    for index, level in enumerate(levels):
        levels[index] = previous = level if level >= 0 else previous
    resolve_bracket_pairs(text, levels, base_level)
    return levels


BRACKETS = {"(": ")", "[": "]", "{": "}", "«": "»", "‹": "›"}


def resolve_bracket_pairs(text: str, levels: list[int], base_level: int) -> None:
    """Rule N0, which python-bidi lacks: a bracket pair takes one direction for both brackets.

    Without it `GTA25 (https://example.org/)` in Arabic shows its closing
    bracket on the wrong side. The pair goes with the paragraph's direction if
    its content has a strong character of that direction; else, if it has one
    of the other direction and so has the text before the pair, with that one.
    """
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    for index, char in enumerate(text):
        if char in BRACKETS:
            stack.append(index)
        elif stack and BRACKETS.get(text[stack[-1]]) == char:
            pairs.append((stack.pop(), index))

    def strong(char: str) -> int | None:  # 0 for L, 1 for R; numbers count as R here (rule N0)
        kind = unicodedata.bidirectional(char)
        return 0 if kind == "L" else 1 if kind in ("R", "AL", "EN", "AN") else None

    own = base_level % 2
    # Counts of strong characters of each direction before each index, and the last strong
    # direction before it: one pass, where reading each pair's content and the text before
    # it would cost the square of the length for a paragraph of many (or nested) brackets.
    counts = [(0, 0)]
    last: list[int | None] = [None]
    for char in text:
        direction = strong(char)
        left, right = counts[-1]
        counts.append((left + (direction == 0), right + (direction == 1)))
        last.append(direction if direction is not None else last[-1])
    for opening, closing in sorted(pairs):
        inside = {d for d in (0, 1) if counts[closing][d] - counts[opening + 1][d]}
        if not inside:
            continue
        found = last[opening]
        before = own if found is None else found
        other_way = own not in inside and before != own
        levels[opening] = levels[closing] = base_level + 1 if other_way else base_level


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
    seen: set[int] = set()
    glyphs: list[Glyph] = []
    for info, position in zip(infos, positions, strict=True):
        cluster, glyph = info.cluster + offset, info.codepoint
        stands_for = "" if cluster in seen else text[cluster : following[cluster]]
        seen.add(cluster)
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


@functools.lru_cache(maxsize=32)
def natural_advances(path: str, index: int) -> dict[int, float]:
    """A font's glyph advances in 1/1000 em, filled in as glyphs are met."""
    return {}


def prepare(frags: Sequence[Any], setting: ScriptSetting) -> Prepared:
    text, pieces, anchors = flatten(frags)
    pieces = with_fallback(text, pieces, setting)
    rtl = paragraph_is_right_to_left(text, setting.rtl)
    levels = embedding_levels(text, 1 if rtl else 0)
    if rtl:
        # A web address is left to right throughout, its trailing "/" included: as if isolated
        # (python-bidi's rules stop short of isolates and bracket pairs).
        for piece in pieces:
            if (
                piece.link
                and not piece.link.startswith("#")
                and not fonts.has_right_to_left(piece_text(text, piece))
            ):
                levels[piece.start : piece.end] = [2] * (piece.end - piece.start)
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
        text, tuple(runs), tuple(advances), tuple(prefix), tuple(cluster_start), tuple(anchors), rtl
    )


def piece_text(text: str, piece: Piece) -> str:
    return text[piece.start : piece.end]


def paragraph_is_right_to_left(text: str, document_rtl: bool) -> bool:
    """The document's direction, unless the paragraph is written wholly in the other one
    (an untranslated English paragraph in an Arabic release is laid out left to right)."""
    kinds = {unicodedata.bidirectional(char) for char in text} if not text.isascii() else {"L"}
    if document_rtl:
        return not ("L" in kinds and not kinds & fonts.RTL_CLASSES)
    return bool(kinds & fonts.RTL_CLASSES) and "L" not in kinds


# --------------------------------------------------------------------------
# Lines


@dataclass(frozen=True)
class Line:
    start: int
    end: int  # trailing spaces left out
    forced: bool = False  # ended by <br/>


def may_break_before(text: str, index: int) -> bool:
    """Whether a line may start at text[index] (not counting the emergency cut of a long word)."""
    before, after = text[index - 1], text[index]
    if before in BREAKING_SPACES or before == ZERO_WIDTH_SPACE:
        return after not in BREAKING_SPACES
    if after in BREAKING_SPACES:
        return False
    return fonts.may_break_between(before, after)


def break_lines(prepared: Prepared, first_width: float, width: float) -> list[Line]:
    """Greedy line breaking: as much as fits on each line, at the last opportunity that fits."""
    text = prepared.text
    n = len(text)
    opportunities = [i for i in range(1, n) if text[i - 1] == LINE_BREAK or may_break_before(text, i)]
    opportunities.append(n)
    lines: list[Line] = []
    start, next_opportunity = 0, 0
    while start < n:
        available = first_width if not lines else width
        while opportunities[next_opportunity] <= start:
            next_opportunity += 1
        best: int | None = None
        forced = False
        # By index: a slice of the opportunities left would copy the rest of the paragraph per line.
        for index in range(next_opportunity, len(opportunities)):
            stop = opportunities[index]
            if prepared.width(start, trimmed_end(text, start, stop)) > available:
                break
            best = stop
            if text[stop - 1] == LINE_BREAK:
                forced = True
                break
        if best is None:
            best = emergency_cut(prepared, start, available)
        lines.append(Line(start, trimmed_end(text, start, best), forced))
        start = best
        while start < n and text[start] in BREAKING_SPACES:
            start += 1
    return lines or [Line(0, 0)]


def trimmed_end(text: str, start: int, stop: int) -> int:
    """`stop` moved back over the spaces and forced break that end a line."""
    while stop > start and (text[stop - 1] in BREAKING_SPACES or text[stop - 1] == LINE_BREAK):
        stop -= 1
    return stop


def may_cut_before(prepared: Prepared, index: int) -> bool:
    """A boundary inside a word where an over-long word may be cut: between clusters, never
    before a mark, a joiner or a vowel sign, nor after a virama (it joins the next consonant)."""
    text = prepared.text
    if index >= len(text):
        return True
    if not prepared.cluster_start[index]:
        return False
    after, before = text[index], text[index - 1]
    if unicodedata.category(after) in ("Mn", "Mc", "Me") or after in "\u200c\u200d":
        return False
    return unicodedata.combining(before) != 9 and before not in "\u200c\u200d"


def emergency_cut(prepared: Prepared, start: int, available: float) -> int:
    """Where to cut a word wider than the line: the last boundary that fits, at least one cluster in."""
    best: int | None = None
    for index in range(start + 1, len(prepared.text) + 1):
        if not may_cut_before(prepared, index):
            continue
        if best is not None and prepared.width(start, index) > available:
            break
        best = index
    return best if best is not None else len(prepared.text)


class PlacedGlyph(NamedTuple):
    piece: Piece
    glyph: Glyph
    x: float
    y: float  # offset from the baseline


def visual_runs(prepared: Prepared, line: Line) -> list[tuple[Run, tuple[Glyph, ...]]]:
    """The line's parts of each run, in display order (rule L2: reverse from the highest level down)."""
    parts: list[tuple[Run, tuple[Glyph, ...]]] = []
    runs = prepared.runs
    for index in range(bisect.bisect_right(prepared.run_ends, line.start), len(runs)):
        run = runs[index]
        if run.start >= line.end:
            break
        glyphs = run.glyphs_between(line.start, line.end)
        if glyphs:
            parts.append((run, glyphs))
    if not parts:
        return parts
    levels = [run.level for run, _ in parts]
    highest = max(levels)
    lowest_odd = min((level for level in levels if level % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        index = 0
        while index < len(parts):
            if parts[index][0].level >= level:
                end = index
                while end < len(parts) and parts[end][0].level >= level:
                    end += 1
                parts[index:end] = reversed(parts[index:end])
                index = end
            else:
                index += 1
    return parts


def place(parts: list[tuple[Run, tuple[Glyph, ...]]], x: float) -> list[PlacedGlyph]:
    placed: list[PlacedGlyph] = []
    for run, glyphs in parts:
        for glyph in glyphs:
            placed.append(PlacedGlyph(run.piece, glyph, x + glyph.x_offset, run.piece.rise + glyph.y_offset))
            x += glyph.advance
    return placed


# --------------------------------------------------------------------------
# The flowable


class ScriptParagraph(Paragraph):  # type: ignore[misc]
    """A paragraph laid out and drawn by presskit (see the module's docstring); reportlab parses its markup."""

    outline: Any = None  # set by the PDF renderer on headings, kept by the first part of a split

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        setting: ScriptSetting,
        bulletText: str | None = None,  # noqa: N803 (reportlab's name)
        *,
        prepared: Prepared | None = None,
        lines: list[Line] | None = None,
    ) -> None:
        super().__init__(text, style, bulletText=bulletText)
        self.setting = setting
        self._prepared = prepared
        self._fixed_lines = lines
        self._layout: tuple[float, list[Line]] | None = None

    @property
    def prepared(self) -> Prepared:
        if self._prepared is None:
            self._prepared = prepare(self.frags, self.setting)
        return self._prepared

    # -- layout

    def line_widths(self, width: float) -> tuple[float, float]:
        style = self.style
        inner = width - style.leftIndent - style.rightIndent
        return inner - style.firstLineIndent, inner

    def lines_for(self, width: float) -> list[Line]:
        if self._fixed_lines is not None:
            return self._fixed_lines
        if self._layout is None or self._layout[0] != width:
            self._layout = (width, break_lines(self.prepared, *self.line_widths(width)))
        return self._layout[1]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.height = len(self.lines_for(availWidth)) * self.style.leading
        return self.width, self.height

    def minWidth(self) -> float:  # noqa: N802 (reportlab's name)
        prepared = self.prepared
        text = prepared.text
        starts = [0, *(i for i in range(1, len(text)) if may_break_before(text, i)), len(text)]
        widest = max(
            (prepared.width(a, trimmed_end(text, a, b)) for a, b in zip(starts, starts[1:], strict=False)),
            default=0.0,
        )
        style = self.style
        return float(widest + style.leftIndent + style.rightIndent + max(0, style.firstLineIndent))

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        # The lines of the last wrap, as reportlab's Paragraph splits: a table splitting a row
        # asks with the cell's width, its padding included, after wrapping at the width inside.
        lines = self.lines_for(availWidth if self._layout is None else self._layout[0])
        leading = self.style.leading
        fit = int((availHeight + 1e-6) // leading)
        if fit >= len(lines):
            return [self]
        if fit < 2 and not getattr(self.style, "allowOrphans", 0):
            fit = 0  # never one line alone at the foot of a page
        if len(lines) - fit < 2 and not getattr(self.style, "allowWidows", 1):
            fit = len(lines) - 2  # nor one alone at the head of the next
        if fit <= 0:
            return []
        first = self.part(lines[:fit], first=True)
        second = self.part(lines[fit:], first=False)
        first.outline = self.outline
        return [first, second]

    def part(self, lines: list[Line], *, first: bool) -> ScriptParagraph:
        style = ParagraphStyle(
            self.style.name + ("-first" if first else "-rest"),
            parent=self.style,
            **({"spaceAfter": 0} if first else {"spaceBefore": 0, "firstLineIndent": 0}),
        )
        part = ScriptParagraph(
            "",
            style,
            self.setting,
            bulletText=self.bulletText if first else None,
            prepared=self.prepared,
            lines=lines,
        )
        part.frags = self.frags
        return part

    # -- drawing

    def line_x(self, index: int, line_width: float) -> float:
        style = self.style
        first_width, width = self.line_widths(self.width)
        available = first_width if index == 0 and self._fixed_lines is None else width
        indent_left = style.leftIndent
        if index == 0 and self._fixed_lines is None and not self.prepared.rtl:
            indent_left += style.firstLineIndent
        alignment = style.alignment
        if alignment == TA_JUSTIFY:
            alignment = TA_RIGHT if self.prepared.rtl else TA_LEFT
        elif self.prepared.rtl != self.setting.rtl:  # a paragraph against the document's direction
            alignment = {TA_LEFT: TA_RIGHT, TA_RIGHT: TA_LEFT}.get(alignment, alignment)
        if alignment == TA_RIGHT:
            return float(indent_left + available - line_width)
        if alignment == TA_CENTER:
            return float(indent_left + (available - line_width) / 2)
        return float(indent_left)

    def draw(self) -> None:
        canvas: Canvas = self.canv
        prepared = self.prepared
        lines = self.lines_for(self.width)
        leading = self.style.leading
        anchors = self.owned_anchors(lines)
        for index, line in enumerate(lines):
            baseline = self.height - leading * index - self.style.fontSize
            parts = visual_runs(prepared, line)
            width = sum(g.advance for _, glyphs in parts for g in glyphs)
            x = self.line_x(index, width)
            placed = place(parts, x)
            right_to_left = any(run.level % 2 for run, _ in parts)
            draw_glyphs(canvas, placed, baseline, separate_clusters=right_to_left)
            draw_links(canvas, placed, baseline)
            while anchors and (anchors[0][0] <= line.end or index == len(lines) - 1):
                canvas.bookmarkHorizontal(anchors.pop(0)[1], 0, baseline + self.style.fontSize)
        if self.bulletText and lines:
            self.draw_bullet(canvas, self.height - self.style.fontSize)

    def owned_anchors(self, lines: list[Line]) -> list[tuple[int, str]]:
        """The anchors in these lines: a split paragraph's parts share its text, not its anchors."""
        text_end = len(self.prepared.text)
        last_part = lines[-1].end >= trimmed_end(self.prepared.text, 0, text_end)
        return [
            (position, name)
            for position, name in self.prepared.anchors
            if (position >= lines[0].start or lines[0].start == 0)
            and (position <= lines[-1].end or last_part)
        ]

    def draw_bullet(self, canvas: Canvas, baseline: float) -> None:
        style = self.style
        name = style.bulletFontName
        size = style.bulletFontSize
        canvas.saveState()
        canvas.setFillColor(getattr(style, "bulletColor", None) or style.textColor)
        canvas.setFont(name, size)
        text = self.bulletText
        if self.setting.rtl:
            from bidi import get_display

            canvas.drawRightString(
                self.width - style.bulletIndent, baseline, str(get_display(text, base_dir="R"))
            )
        else:
            canvas.drawString(style.bulletIndent, baseline, text)
        canvas.restoreState()


def clusters_in_logical_order(placed: list[PlacedGlyph]) -> Iterator[list[PlacedGlyph]]:
    by_cluster: dict[int, list[PlacedGlyph]] = {}
    for item in placed:
        by_cluster.setdefault(item.glyph.cluster, []).append(item)
    for cluster in sorted(by_cluster):
        yield by_cluster[cluster]


def draw_glyphs(
    canvas: Canvas, placed: list[PlacedGlyph], baseline: float, *, separate_clusters: bool
) -> None:
    """Each glyph at its place, written in logical order (see the module's docstring)."""
    doc = canvas._doc
    shown = glyph_codes(canvas)
    operators: list[str] = []
    font_state: tuple[str, float] | None = None
    colour_state: Any = None
    is_open = False
    fresh = False  # right after BT, where the text matrix is the identity and `x y Td` places a glyph
    on_baseline = fp_str(baseline)
    for cluster in clusters_in_logical_order(placed):
        for item in cluster:
            piece, glyph = item.piece, item.glyph
            if glyph.glyph == 0 and not glyph.text.strip():
                continue
            cache_key = (piece.font_name, glyph.glyph, glyph.text)
            chunks = shown.get(cache_key)
            if chunks is None:
                font: ShapingTTFont = pdfmetrics.getFont(piece.font_name)
                key = font.key(glyph.glyph, glyph.text, glyph.natural)
                chunks = shown[cache_key] = tuple(
                    (font.getSubsetInternalName(subset, doc), canvas._escape(codes))
                    for subset, codes in font.splitString(key, doc)
                )
            colour = piece.colour
            if colour is not colour_state and colour != colour_state:
                if is_open:
                    operators.append("ET")
                    is_open = False
                operators.append(fill_colour(colour))
                colour_state = colour
            if not is_open:
                operators.append("BT")
                is_open = fresh = True
            y = fp_str(baseline + item.y) if item.y else on_baseline
            for subset_name, codes in chunks:
                if font_state is None or font_state[0] != subset_name or font_state[1] != piece.size:
                    operators.append(f"{subset_name} {fp_str(piece.size)} Tf")
                    font_state = (subset_name, piece.size)
                # The same place either way; Td is the shorter to write and to compress.
                move = "Td" if fresh else "Tm"
                start = "" if fresh else "1 0 0 1 "
                operators.append(f"{start}{fp_str(item.x)} {y} {move} ({codes}) Tj")
                fresh = False
        if separate_clusters and is_open:
            operators.append("ET")
            is_open = False
    if is_open:
        operators.append("ET")
    if operators:
        canvas.saveState()
        canvas.addLiteral("\n".join(operators))
        canvas.restoreState()


def glyph_codes(canvas: Canvas) -> dict[tuple[str, int, str], tuple[tuple[str, str], ...]]:
    """The document's memo of what shows each glyph: subset font name and escaped codes.

    A glyph keeps its subset and code for the whole document once reportlab has
    assigned them, so they are looked up once per document, not once per glyph drawn.
    """
    memo: dict[tuple[str, int, str], tuple[tuple[str, str], ...]] | None = getattr(
        canvas, "_presskit_glyph_codes", None
    )
    if memo is None:
        memo = {}
        canvas._presskit_glyph_codes = memo
    return memo


def fill_colour(colour: Any) -> str:
    red, green, blue = (getattr(colour, c, 0.0) for c in ("red", "green", "blue"))
    return f"{fp_str(red)} {fp_str(green)} {fp_str(blue)} rg"


def draw_links(canvas: Canvas, placed: list[PlacedGlyph], baseline: float) -> None:
    spans: dict[str, list[float]] = {}
    heights: dict[str, float] = {}
    for item in placed:
        link = item.piece.link
        if link is None:
            continue
        left, right = item.x - item.glyph.x_offset, item.x - item.glyph.x_offset + item.glyph.advance
        span = spans.setdefault(link, [left, right])
        span[0], span[1] = min(span[0], left), max(span[1], right)
        heights[link] = max(heights.get(link, 0.0), item.piece.size + item.piece.rise)
    for link, (left, right) in spans.items():
        rect = (left, baseline - 0.2 * heights[link], right, baseline + heights[link])
        if link.startswith("#"):
            canvas.linkRect("", link[1:], rect, relative=1, thickness=0)
        else:
            canvas.linkURL(link, rect, relative=1, thickness=0)


class PlainParagraph(Paragraph):  # type: ignore[misc]
    """reportlab's Paragraph, its lines broken once for each width it is asked about in turn,
    and split across pages without breaking them again.

    Platypus asks a paragraph its size again and again at the same width (a table
    sizing its rows, a frame trying to keep a heading with what follows), and
    reportlab breaks the lines anew each time: 41 % of an English PDF's line
    breaking was such repeats. The size depends on the width alone, so the last
    answer stands until another width is asked about.

    reportlab splits a paragraph at a page's foot into two new paragraphs made from
    the words of each part's lines, and the next page breaks the rest's lines again,
    long words cut again character by character: a paragraph of n pages was broken
    n times, its time growing with the square of its length (52 s for the 199,000
    characters a body may hold). Here each part keeps the lines it was given; its
    words are put back together only if it is asked about another width.
    """

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        last = self.__dict__.get("_wrapped")
        # reportlab's `split` drops the broken lines when the paragraph must move on whole.
        if last is not None and last[0] == availWidth and "blPara" in self.__dict__:
            return cast(tuple[float, float], last[1])
        size = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, size)
        return cast(tuple[float, float], size)

    # The words a part of a split paragraph was made from, put back together on first use.
    @property
    def frags(self) -> list[Any]:
        pending = self.__dict__.pop("_pending_frags", None)
        if pending is not None:
            self.__dict__["_frags"] = pending()
        return cast(list[Any], self.__dict__["_frags"])

    @frags.setter
    def frags(self, value: list[Any]) -> None:
        self.__dict__.pop("_pending_frags", None)
        self.__dict__["_frags"] = value

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        style = self.style
        if not self.keeps_lines() or availWidth < _FUZZ or availHeight < _FUZZ:
            return cast(list[Flowable], super().split(availWidth, availHeight))
        if "blPara" not in self.__dict__:  # else the lines of the last wrap, as reportlab splits
            self.wrap(availWidth, availHeight)
        lines = self.blPara.lines
        # What reportlab's own split decides: how many lines fit, and never an orphan or widow.
        fit = int(availHeight / float(style.leading))
        allow_orphans = getattr(self, "allowOrphans", getattr(style, "allowOrphans", 0))
        if (not allow_orphans and fit <= 1) or fit == 0:
            return []
        if len(lines) <= fit:
            return [self]
        if not getattr(self, "allowWidows", getattr(style, "allowWidows", 1)) and len(lines) == fit + 1:
            if not ((allow_orphans and len(lines) == 3) or len(lines) > 3):
                return []
            fit -= 1
        first = self.part(0, fit, self.width, style, self.bulletText)
        last = lines[fit - 1]
        first._JustifyLast = not (isinstance(last, FragLine) and getattr(last, "lineBreak", False))
        first._splitpara = 1
        rest_style = style
        if style.firstLineIndent != 0:
            rest_style = copy.deepcopy(style)
            rest_style.firstLineIndent = 0
        return [first, self.part(fit, len(lines), self.width, rest_style, None)]

    def keeps_lines(self) -> bool:
        """Whether `split` may hand each part its lines: not where they depend on more than
        the width (automatic leading, dots to the margin, CJK breaking) or there are none."""
        style = self.style
        automatic = getattr(self, "autoLeading", getattr(style, "autoLeading", "")) not in ("", "off")
        if automatic or style.endDots or style.wordWrap == "CJK":
            return False
        # A part has words (reading them back would cost the pass this class saves).
        return "_pending_frags" in self.__dict__ or len(self.frags) > 0

    def part(self, start: int, stop: int, width: float, style: ParagraphStyle, bullet: Any) -> PlainParagraph:
        """Lines [start, stop) of this paragraph as a paragraph of its own, sized for `width`."""
        blPara = self.blPara  # noqa: N806 (reportlab's name)
        if blPara.kind == 0:
            words_of = functools.partial(_split_blParaSimple, blPara, start, stop)
        else:
            words_of = functools.partial(_words_of_lines, blPara, start, stop)
        part = self.__class__(None, style, bulletText=bullet, frags=[])
        part.__dict__["_pending_frags"] = words_of
        part.blPara = blPara.clone(lines=blPara.lines[start:stop])
        part.width = width
        part.height = (stop - start) * style.leading
        part._wrapWidths = list(self._wrapWidths)
        part._wrapped = (width, (width, part.height))
        for name in ("autoLeading",):  # as reportlab's split passes it on
            if hasattr(self, name):
                setattr(part, name, getattr(self, name))
        return part


def _words_of_lines(blPara: Any, start: int, stop: int) -> list[Any]:  # noqa: N803
    """The fragments of lines [start, stop) joined again (reportlab's `_split_blParaHard`),
    from copies: that function appends a space to a line's last fragment, and the lines
    themselves may still be drawn."""
    lines = [line.clone(words=[word.clone() for word in line.words]) for line in blPara.lines[start:stop]]
    return cast(list[Any], _split_blParaHard(blPara.clone(lines=lines), 0, len(lines)))


def make_paragraph(
    setting: ScriptSetting,
    markup: str,
    style: ParagraphStyle,
    plain: Callable[..., Paragraph] = PlainParagraph,
    **kwargs: Any,
) -> Paragraph:
    """A reportlab Paragraph where reportlab can set the text, else a ScriptParagraph."""
    if setting.needs_script_layout(markup, style.fontName):
        return ScriptParagraph(markup, style, setting, **kwargs)
    return plain(markup, style, **kwargs)
