"""Line breaks written in the source, as a reader sees them (CSS Text 3's segment breaks).

A line break in YAML or Markdown is a space between words, except between two characters of
a language written without spaces: Chinese and Japanese (East Asian wide, full-width or
half-width characters other than Hangul, which Korean writes with spaces) and Thai, Lao,
Khmer and Burmese. There a line break is nothing, or the output would carry spaces the
author never meant ("各地で \n 開催" is "各地で開催").
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

_WHITESPACE = re.compile(r"\s+")
# Scripts written without spaces that East Asian Width does not cover.
_SPACELESS_BLOCKS = ((0x0E00, 0x0EFF), (0x1000, 0x109F), (0x1780, 0x17FF))  # Thai, Lao; Myanmar; Khmer


def spaceless(char: str) -> bool:
    """Whether `char` belongs to a language written without spaces between words."""
    code = ord(char)
    if any(first <= code <= last for first, last in _SPACELESS_BLOCKS):
        return True
    if unicodedata.east_asian_width(char) not in ("F", "W", "H"):
        return False
    return not ("\u1100" <= char <= "\u11ff" or "\u3130" <= char <= "\u318f" or "\uac00" <= char <= "\ud7af")


def break_between(before: str, after: str) -> str:
    """What a line break between `before` and `after` (the characters either side) becomes."""
    return "" if before and after and spaceless(before[-1]) and spaceless(after[0]) else " "


def collapse(text: str) -> str:
    """Each run of whitespace one space, and a line break between two characters of a language
    written without spaces nothing; the ends stripped."""

    def joined(match: re.Match[str]) -> str:
        run = match.group(0)
        if "\n" not in run and "\r" not in run:
            return " "
        return break_between(text[: match.start()][-1:], text[match.end() :][:1])

    return _WHITESPACE.sub(joined, text).strip()


# -- line breaks YAML folded before presskit saw them -----------------------------------------

# A line break of a flow scalar (plain or quoted) with the spaces YAML strips before it.
_FLOW_BREAK = re.compile(r"[ \t]*(?:\r\n|\r|\n)")
_PRIVATE_USE = range(0xE000, 0xF900)  # characters YAML reads as they are, none of them markup


def unfolded(node: Any, value: Any) -> Any:
    """`value`, the string YAML made of the scalar `node`, with each line break that YAML folded
    into a space between two characters of a language written without spaces joined up instead,
    as `collapse` does for the line breaks YAML keeps (`|` blocks, Markdown). `headline: >` over
    "東京都は" and "新しい" reads "東京都は新しい", as the author wrote it; anything else is kept.

    A folded block (`>`) says where it folded (ruamel's fold_pos); a plain or quoted scalar spanning
    lines is read again from its own source with a mark after each such line's last character,
    so YAML's own rules (escapes, quotes, blank lines) decide what the rest of it is."""
    if not isinstance(value, str) or " " not in value:
        return value  # only the characters either side of each break are looked at: a long text costs little
    if isinstance(value, FoldedScalarString):
        return _unfolded_block(value)
    if isinstance(value, LiteralScalarString) or getattr(node, "style", None) not in (None, "'", '"'):
        return value
    source = _source_of(node)
    if source is None or "\n" not in source and "\r" not in source:
        return value
    return _unfolded_flow(source, value)


def _unfolded_block(value: FoldedScalarString) -> FoldedScalarString:
    text = str(value)
    kept: list[int] = []
    joins: list[tuple[int, int]] = []  # (start, end) of each fold to drop, with the spaces before it
    for at in getattr(value, "fold_pos", ()):
        if not 0 < at < len(text) - 1 or text[at] != " ":
            kept.append(at)
            continue
        start = len(text[:at].rstrip(" \t"))
        if start and spaceless(text[start - 1]) and spaceless(text[at + 1]):
            joins.append((start, at + 1))
        else:
            kept.append(at)
    if not joins:
        return value
    pieces, last = [], 0
    for start, end in joins:
        pieces.append(text[last:start])
        last = end
    out: FoldedScalarString = FoldedScalarString("".join(pieces) + text[last:], anchor=value.anchor.value)
    out.fold_pos = [at - sum(e - s for s, e in joins if e <= at) for at in kept]  # type: ignore[attr-defined]
    if getattr(value, "comment", None) is not None:
        out.comment = value.comment  # type: ignore[attr-defined]
    return out


def _source_of(node: Any) -> str | None:
    """The text `node` was read from, where the parser read a string (its marks hold the buffer)."""
    start, end = getattr(node, "start_mark", None), getattr(node, "end_mark", None)
    buffer = getattr(start, "buffer", None)
    if not isinstance(buffer, str) or not isinstance(getattr(end, "pointer", None), int):
        return None
    return buffer[start.pointer : end.pointer]  # type: ignore[union-attr]


def _unfolded_flow(source: str, value: str) -> str:
    mark = next((chr(code) for code in _PRIVATE_USE if chr(code) not in source), None)
    if mark is None:
        return value
    pieces, last = [], 0
    for found in _FLOW_BREAK.finditer(source):
        after = source[found.end() :].lstrip(" \t")[:1]
        if found.start() and spaceless(source[found.start() - 1]) and after and spaceless(after):
            pieces.append(source[last : found.start()] + mark)
            last = found.start()
    if not pieces:
        return value
    try:
        marked = YAML(typ="safe", pure=True).load("".join(pieces) + source[last:])
    except (YAMLError, ValueError, RecursionError):
        return value
    if not isinstance(marked, str) or marked.replace(mark, "") != value:
        return value  # read alone it means something else: keep what YAML read in place
    return marked.replace(mark + " ", "").replace(mark, "")
