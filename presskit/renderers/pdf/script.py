"""Paragraphs in any script for the PDF: font fallback, shaping, bidi lines and CJK breaks.

reportlab's own Paragraph sets each run in one font, shapes nothing and lays
every line out left to right. That is right for Latin, Greek and Cyrillic in a
font that has them, and wrong for everything else: Arabic letters stay unjoined,
Hebrew and Arabic words come out in the wrong order, Devanagari and Thai lose
their reordering and mark positions, Chinese and Japanese break only at spaces.
A `ScriptParagraph` takes the same markup and style and (the steps' modules in brackets):

1. gives each character a font that has it (`presskit.themes.fonts.FontChooser`), in
   the weight and slant of the markup around it (`shaping`);
2. resolves the Unicode Bidirectional Algorithm's embedding levels for the
   whole paragraph (ICU's UAX #9: bracket pairs, and isolates for web
   addresses and for the markup's FSI … PDI around a contact value or a
   figure); the base direction is the locale's, or the other one for a
   paragraph wholly in the other direction (`direction`);
3. shapes each run of one font, size and level with HarfBuzz, the paragraph
   around it given as context so that letters join across a change of style
   (`shaping`);
4. breaks lines at spaces, inside words where `presskit.words.breaking` allows
   (Thai, Lao, Khmer and Myanmar between words as ICU's dictionaries find them,
   CJK between characters with kinsoku, Korean only at spaces) and, for a word
   wider than the line, between two clusters (`lines`);
5. reorders each line's runs for display (rule L2, `lines`) and draws every glyph
   where HarfBuzz placed it, aligned to the paragraph's start (right in RTL): here.

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

from collections.abc import Iterator, Sequence
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from presskit.renderers.pdf.faces import SYNTHETIC_BOLD, ShapingTTFont, emboldening
from presskit.renderers.pdf.lines import (
    Line,
    PlacedGlyph,
    break_lines,
    break_opportunities,
    place,
    trimmed_end,
    visual_runs,
)
from presskit.renderers.pdf.marking import Marks, Sequences
from presskit.renderers.pdf.setting import ScriptSetting
from presskit.renderers.pdf.shaping import Language, Prepared, prepare


class ScriptParagraph(Paragraph):  # type: ignore[misc]
    """A paragraph laid out and drawn by presskit (see the module's docstring); reportlab parses its markup."""

    outline: Any = None  # set by the PDF renderer on headings, kept by the first part of a split
    marks_its_text = True  # tagging: each glyph is marked as its element's content as it is drawn

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
        starts = [0, *break_opportunities(text), len(text)]
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
        marker = GlyphMarks(canvas)
        for index, line in enumerate(lines):
            baseline = self.height - leading * index - self.style.fontSize
            parts = visual_runs(prepared, line)
            width = sum(g.advance for _, glyphs in parts for g in glyphs)
            x = self.line_x(index, width)
            placed = place(parts, x)
            right_to_left = any(run.level % 2 for run, _ in parts)
            draw_glyphs(
                canvas,
                placed,
                baseline,
                separate_clusters=right_to_left,
                languages=prepared.languages,
                marker=marker,
            )
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


class GlyphMarks:
    """What a paragraph's glyphs are marked as, in the page's own sequences (`tagging`): content
    of the element being drawn, of a `Link` of it for a link's glyphs, inside a `/Span <</Lang
    …>>` for text in another language. A link going on over a line or page break stays one
    Link. Drawn for no element of its own (untagged, or inside another's content), only
    languages are marked, each line's closed at its end."""

    def __init__(self, canvas: Canvas) -> None:
        marks: Marks | None = canvas.__dict__.get("marks")
        self.marks = marks if marks is not None and marks.deferred else None
        self.element = marks.current if marks is not None and self.marks is not None else None
        self.sequences = marks.page_level if marks is not None and self.marks is not None else Sequences(None)
        self.span: Language | None = None  # the span in another language drawn last

    def to(self, link: str | None, span: Language | None) -> list[str]:
        """The operators that mark what follows: text of `link` (or of none), in `span`'s language
        (or the element's). A span that begins where another in the same language ends (two
        fields, a name and a role on the lines of a card) is a sequence of its own."""
        owner = self.element
        if owner is not None and self.marks is not None:
            if link is not None:
                owner = self.marks.link(owner, link, link)
                self.marks.link_drawn(owner)
            else:
                owner.open_link = None
        ops: list[str] = []
        if span is not None and self.span is not None and span != self.span:
            ops += self.sequences.to(owner)
        self.span = span
        return ops + self.sequences.to(owner, (span.lang,) if span else ())

    def line_ends(self) -> list[str]:
        return self.sequences.to(None) if self.marks is None else []


def clusters_in_logical_order(placed: list[PlacedGlyph]) -> Iterator[list[PlacedGlyph]]:
    by_cluster: dict[int, list[PlacedGlyph]] = {}
    for item in placed:
        by_cluster.setdefault(item.glyph.cluster, []).append(item)
    for cluster in sorted(by_cluster):
        yield by_cluster[cluster]


def draw_glyphs(
    canvas: Canvas,
    placed: list[PlacedGlyph],
    baseline: float,
    *,
    separate_clusters: bool,
    languages: Sequence[Language] = (),
    marker: GlyphMarks,
) -> None:
    """Each glyph at its place, written in logical order (see the module's docstring), each
    cluster marked as `marker` says (a link's, in another language), outside any text object."""
    shown = glyph_codes(canvas)
    operators: list[str] = []
    font_state: tuple[str, float] | None = None
    colour_state: Any = None
    is_open = False
    fresh = False  # right after BT, where the text matrix is the identity and `x y Td` places a glyph
    rendering = ""  # the operators a synthesised bold is drawn with (faces.emboldening), or ""
    on_baseline = fp_str(baseline)
    marked: tuple[Language | None, str | None] | None = None  # the language's span and link marked last
    for cluster in clusters_in_logical_order(placed):
        span = language_at(languages, cluster[0].glyph.cluster) if languages else None
        link = cluster[0].piece.link
        if (span, link) != marked:  # marked-content sequences begin and end outside text objects
            switch = marker.to(link, span)
            if switch:
                operators += [*(["ET"] if is_open else []), *switch]
                is_open = False
            marked = (span, link)
        spoken = actual_text(cluster)
        if spoken is not None:  # its own marked span, outside any text object
            if is_open:
                operators.append("ET")
                is_open = False
            operators.append(f"/Span <</ActualText {spoken}>> BDC")
        for item in cluster:
            piece, glyph = item.piece, item.glyph
            if glyph.glyph == 0 and not glyph.text.strip():
                continue
            chunks = shown.get((piece.font_name, glyph.glyph, glyph.text)) or glyph_chunks(canvas, item)
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
            wanted = emboldening(piece.font_name, piece.size, colour) if SYNTHETIC_BOLD else ""
            if wanted != rendering:
                operators.append(wanted or "0 Tr")
                rendering = wanted
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
        if (separate_clusters or spoken is not None) and is_open:
            operators.append("ET")
            is_open = False
        if spoken is not None:
            operators.append("EMC")
    if is_open:
        operators.append("ET")
    operators += marker.line_ends()
    if operators:
        canvas.saveState()
        canvas.addLiteral("\n".join(operators))
        canvas.restoreState()


def glyph_chunks(canvas: Canvas, item: PlacedGlyph) -> tuple[tuple[str, str], ...]:
    """What shows `item`'s glyph (subset font names and escaped codes), kept in the document's memo."""
    piece, glyph, doc = item.piece, item.glyph, canvas._doc
    font: ShapingTTFont = pdfmetrics.getFont(piece.font_name)
    key = font.key(glyph.glyph, glyph.text, glyph.natural)
    chunks = tuple(
        (font.getSubsetInternalName(subset, doc), canvas._escape(codes))
        for subset, codes in font.splitString(key, doc)
    )
    glyph_codes(canvas)[piece.font_name, glyph.glyph, glyph.text] = chunks
    return chunks


def language_at(languages: Sequence[Language], position: int) -> Language | None:
    """The span in another language holding the character at `position`: the innermost, if any."""
    found = None
    for span in languages:  # in the order they begin, an outer span before one inside it
        if span.start > position:
            break
        if position < span.end:
            found = span
    return found


def actual_text(cluster: list[PlacedGlyph]) -> str | None:
    """The text a cluster of several glyphs stands for, as a PDF string for `/ActualText`; None
    for a glyph alone. Devanagari's ि is drawn before the consonant it follows, and a conjunct
    is several glyphs: without it, search, copy and screen readers split words ("वि भाग")."""
    if len(cluster) < 2:
        return None
    text = "".join(item.glyph.text for item in cluster)
    if not text:
        return None
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


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
    """An annotation over each link's glyphs on the line: one for each stretch of them in logical
    order, so that a link said twice on a line is two links (each its own `Link` element)."""
    runs: list[tuple[str, list[float]]] = []  # link, [left, right, height]
    previous: str | None = None
    for cluster in clusters_in_logical_order(placed):
        for item in cluster:
            link = item.piece.link
            if link is not None:
                left = item.x - item.glyph.x_offset
                right = left + item.glyph.advance
                height = item.piece.size + item.piece.rise
                if link != previous:
                    runs.append((link, [left, right, height]))
                box = runs[-1][1]
                box[0], box[1], box[2] = min(box[0], left), max(box[1], right), max(box[2], height)
            previous = link
    for link, (left, right, height) in runs:
        rect = (left, baseline - 0.2 * height, right, baseline + height)
        if link.startswith("#"):
            canvas.linkRect("", link[1:], rect, relative=1, thickness=0)
        else:
            canvas.linkURL(link, rect, relative=1, thickness=0)
