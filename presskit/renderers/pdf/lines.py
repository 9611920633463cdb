"""Lines of a shaped paragraph: where they break, and their runs in display order.

Lines break at spaces, inside a word where `presskit.words.breaking` allows (between
Thai, Lao, Khmer and Myanmar words as ICU finds them, between CJK characters but
never before closing or after opening punctuation, never inside a Korean word)
and, for a word wider than the line, between two clusters;
each line's runs are reordered for display (rule L2 of UAX #9).
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from presskit.renderers.pdf.shaping import LINE_BREAK, Glyph, Piece, Prepared, Run
from presskit.words import breaking

# Spaces a line may break at; no-break spaces (U+00A0, U+2007, U+202F) are not among them.
BREAKING_SPACES = frozenset(" \u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u205f\u3000")
ZERO_WIDTH_SPACE = "\u200b"


@dataclass(frozen=True)
class Line:
    start: int
    end: int  # trailing spaces left out
    forced: bool = False  # ended by <br/>


def break_opportunities(text: str) -> list[int]:
    """Where a line may start, in order (not counting the emergency cut of a long word): after
    a space or forced break, and inside a word where `presskit.words.breaking` allows."""
    inside = set(breaking.inside_breaks(text))
    found: list[int] = []
    for index in range(1, len(text)):
        before = text[index - 1]
        if before == LINE_BREAK:
            found.append(index)
        elif before in BREAKING_SPACES or before == ZERO_WIDTH_SPACE:
            if text[index] not in BREAKING_SPACES:
                found.append(index)
        elif index in inside:
            found.append(index)
    return found


def break_lines(prepared: Prepared, first_width: float, width: float) -> list[Line]:
    """Greedy line breaking: as much as fits on each line, at the last opportunity that fits."""
    text = prepared.text
    n = len(text)
    opportunities = [*break_opportunities(text), n]
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
