"""The direction of a paragraph's text: the Unicode Bidirectional Algorithm's embedding levels.

ICU's implementation (PyICU's `Bidi`) resolves the levels: the whole of UAX #9,
bracket pairs (rule N0) and isolates (X5a to X5c) included. A paragraph takes the
locale's base direction, or the other one where it is written wholly in the other
direction. Isolates come in as spans of the text, not as characters in it: the
text drawn and extracted holds no control characters, and each span (a contact
line's value, a figure, a web address) is resolved as if between an isolate
initiator and U+2069 POP DIRECTIONAL ISOLATE, apart from the words around it.
"""

from __future__ import annotations

import unicodedata
from typing import Any, Final, NamedTuple

from presskit.words import fonts

LEFT_TO_RIGHT_ISOLATE: Final = "\u2066"
RIGHT_TO_LEFT_ISOLATE: Final = "\u2067"
FIRST_STRONG_ISOLATE: Final = "\u2068"
POP_DIRECTIONAL_ISOLATE: Final = "\u2069"
INITIATORS: Final = frozenset((LEFT_TO_RIGHT_ISOLATE, RIGHT_TO_LEFT_ISOLATE, FIRST_STRONG_ISOLATE))
ISOLATE_CONTROLS: Final = INITIATORS | {POP_DIRECTIONAL_ISOLATE}


class Isolate(NamedTuple):
    """Characters [start, end) of a paragraph resolved apart, led by `initiator` (LRI, RLI, FSI)."""

    start: int
    end: int
    initiator: str = FIRST_STRONG_ISOLATE


def isolated(text: str) -> str:
    """`text` between FSI and PDI: one run whose direction its first strong character sets, as
    HTML's `<bdi>` (a figure with no letter in it, `38%`, reads left to right)."""
    return f"{FIRST_STRONG_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}" if text else text


def without_isolates(text: str) -> str:
    if not any(char in text for char in ISOLATE_CONTROLS):
        return text
    return "".join(char for char in text if char not in ISOLATE_CONTROLS)


def embedding_levels(text: str, base_level: int, isolates: tuple[Isolate, ...] = ()) -> list[int]:
    """The resolved embedding level of each character (rules P2 to I2 of UAX #9)."""
    if not text or (base_level == 0 and not fonts.has_right_to_left(text)):
        return [base_level] * len(text)
    marked, where = with_isolates(text, isolates)
    bidi = _icu().Bidi()
    bidi.setPara(_icu().UnicodeString(marked), base_level)
    levels = bidi.getLevels()
    return [levels[unit] for unit in where]


def with_isolates(text: str, isolates: tuple[Isolate, ...]) -> tuple[str, list[int]]:
    """`text` with each isolate's initiator and PDI put in, and where each of its characters
    went (in UTF-16 code units, as ICU counts: a character beyond the BMP takes two)."""
    opening: dict[int, list[Isolate]] = {}
    closing: dict[int, int] = {}
    for isolate in sorted(isolates, key=lambda i: (i.start, -i.end)):  # outer ones first
        if isolate.start < isolate.end:
            opening.setdefault(isolate.start, []).append(isolate)
            closing[isolate.end] = closing.get(isolate.end, 0) + 1
    out: list[str] = []
    where: list[int] = []
    units = 0
    for index in range(len(text) + 1):
        marks = POP_DIRECTIONAL_ISOLATE * closing.get(index, 0)
        marks += "".join(isolate.initiator for isolate in opening.get(index, ()))
        out.append(marks)
        units += len(marks)
        if index < len(text):
            char = text[index]
            out.append(char)
            where.append(units)
            units += 2 if char > "\uffff" else 1
    return "".join(out), where


def _icu() -> Any:
    import icu  # PyICU (pyicu-wheels): loaded with the first paragraph holding right-to-left text

    return icu


def paragraph_is_right_to_left(text: str, document_rtl: bool) -> bool:
    """The document's direction, unless the paragraph is written wholly in the other one
    (an untranslated English paragraph in an Arabic release is laid out left to right)."""
    kinds = {unicodedata.bidirectional(char) for char in text} if not text.isascii() else {"L"}
    if document_rtl:
        return not ("L" in kinds and not kinds & fonts.RTL_CLASSES)
    return bool(kinds & fonts.RTL_CLASSES) and "L" not in kinds
